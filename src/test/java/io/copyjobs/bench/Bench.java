package io.copyjobs.bench;

import java.util.Arrays;

/**
 * {@code bench/run.sh NAME}: one measure per name (see bench/README.md). Never part of
 * {@code mvn verify}.
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        String name = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (name) {
            case "startup" -> StartupBench.run(rest);
            case "enum" -> EnumBench.run(rest);
            case "failover" -> FailoverBench.run(rest);
            case "failover-cluster" -> FailoverBench.runOnCluster(rest);
            case "getjob" -> GetJobBench.run(rest);
            case "forward" -> ForwardBench.run(rest);
            case "create" -> CreateBench.run(rest);
            case "create-cluster" -> CreateBench.runOnCluster(rest);
            case "scale" -> ScaleBench.run(rest);
            case "progress" -> ProgressBench.run(rest);
            case "cache" -> CacheBench.run(rest);
            default -> {
                System.err.println("unknown bench " + name + "; see bench/README.md");
                System.exit(2);
            }
        }
        System.exit(0);
    }
}
