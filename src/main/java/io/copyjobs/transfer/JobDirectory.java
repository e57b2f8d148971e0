package io.copyjobs.transfer;

import io.copyjobs.job.JobId;
import io.copyjobs.job.JobRules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where a job's files live, {@code COPYJOBS_FILES_DIR/<owner>/<job id>/} (SPEC §8), and the one way
 * to turn a job file's local name into a path there. Every node maps an owner to the same
 * directory name, so nodes sharing one files directory find each other's bytes.
 */
public final class JobDirectory {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_.@-]+");
    /** Longer encoded owners are hashed: most file systems allow 255 bytes per name. */
    private static final int MAX_SEGMENT = 200;
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private JobDirectory() {
    }

    /** Where a file's bytes wait until Complete: the part file beside its local name. */
    public static Path partFile(Path target) {
        return PartFile.partPath(target);
    }

    /**
     * The job's directory. The owner is a token's subject, so any text: a plain one ({@code alice},
     * {@code svc@example.com}) is kept, anything else is percent-encoded, dots too, so that no owner
     * can name {@code ..} or a path; an encoding too long for a file name becomes {@code ~<sha-256>}.
     */
    public static Path of(Path filesDir, String owner, JobId job) {
        return filesDir.resolve(ownerSegment(owner)).resolve(job.toString());
    }

    /**
     * The job's directory under its current owner, moving it there first when TakeOwnership left
     * it under an earlier owner's name (the bytes follow the job, as they do in BITS).
     */
    public static Path locate(Path filesDir, String owner, JobId job) throws IOException {
        Path current = of(filesDir, owner, job);
        if (Files.isDirectory(current) || !Files.isDirectory(filesDir)) {
            return current;
        }
        try (Stream<Path> owners = Files.list(filesDir)) {
            Optional<Path> earlier = owners.map(o -> o.resolve(job.toString())).filter(Files::isDirectory).findFirst();
            if (earlier.isPresent()) {
                Files.createDirectories(current.getParent());
                Files.move(earlier.get(), current, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        return current;
    }

    /**
     * The path of a local name inside the job directory, or empty when the name is not a plain
     * relative path (JobRules) or would still leave the directory once normalized.
     */
    public static Optional<Path> resolve(Path jobDir, String localName) {
        if (JobRules.checkLocalName(localName, "localName").isPresent()) {
            return Optional.empty();
        }
        try {
            Path base = jobDir.toAbsolutePath().normalize();
            Path path = base.resolve(localName).normalize();
            return path.startsWith(base) && !path.equals(base) ? Optional.of(path) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    static String ownerSegment(String owner) {
        boolean plain = PLAIN.matcher(owner).matches() && !owner.chars().allMatch(c -> c == '.');
        String segment = plain ? owner : percentEncoded(owner);
        return segment.length() <= MAX_SEGMENT ? segment : "~" + Sha256.hex(Sha256.digest(owner));
    }

    private static String percentEncoded(String owner) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : owner.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            boolean keep = c < 0x80 && c != '.' && PLAIN.matcher(String.valueOf(c)).matches();
            encoded.append(keep ? String.valueOf(c) : "%" + HEX.toHexDigits(b));
        }
        return encoded.toString();
    }
}
