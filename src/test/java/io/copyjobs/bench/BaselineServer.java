package io.copyjobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.copyjobs.auth.AuthSettings;
import io.copyjobs.auth.AuthenticationException;
import io.copyjobs.auth.JwtVerifier;
import io.copyjobs.config.Config;
import io.copyjobs.json.Json;
import io.javalin.Javalin;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The getjob baseline: the same HTTP stack (Javalin on Jetty) and the same JWT verifier as a
 * node, answering the same job JSON and ETag from a HashMap. What GetJob costs beyond it is
 * copyjobs' own: routing, the interactive query, RocksDB, JSON.
 *
 * <p>{@code java -cp … io.copyjobs.bench.BaselineServer PORT JOBS.json}
 */
public final class BaselineServer {
    private BaselineServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Map<String, byte[]> jobs = new HashMap<>();
        Map<String, String> etags = new HashMap<>();
        for (JsonNode job : Json.wire().readTree(Files.readAllBytes(Path.of(args[1])))) {
            String id = job.get("id").asText();
            jobs.put(id, Json.wire().writeValueAsBytes(job));
            etags.put(id, "\"" + job.get("version").asLong() + "-000000000000\"");
        }
        JwtVerifier verifier = JwtVerifier.hs256(BenchNode.SECRET.getBytes(StandardCharsets.UTF_8),
                AuthSettings.of(Config.fromMap(Map.of()).auth()));
        Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.port = port;
            cfg.routes.get("/v1/jobs/{id}", ctx -> {
                String header = ctx.header("Authorization");
                try {
                    verifier.verify(header == null ? "" : header.substring(7));
                } catch (AuthenticationException e) {
                    ctx.status(401);
                    return;
                }
                byte[] body = jobs.get(ctx.pathParam("id"));
                if (body == null) {
                    ctx.status(404);
                    return;
                }
                ctx.header("ETag", etags.get(ctx.pathParam("id"))).contentType("application/json").result(body);
            });
        }).start();
        System.out.println("baseline ready on " + port);
    }
}
