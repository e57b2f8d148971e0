package io.copyjobs.content;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The files of a {@link ContentStore} directory and the few file operations it needs, each
 * forgiving where a failure only leaves something for the next eviction or start to clean.
 */
record StoreLayout(Path dir) {
    static final String PART = ".part";
    static final String META = ".part.meta";
    static final String MANIFEST = ".manifest";
    /** Beside a part file: where its bytes from peers that no manifest could check begin. */
    static final String UNCHECKED = ".part.unchecked";

    Path content(ContentId id) {
        return dir.resolve(id.hex());
    }

    Path part(ContentId id) {
        return dir.resolve(id.hex() + PART);
    }

    /** Where FileDownloader keeps the validator of the origin's answer the part's bytes came from. */
    Path meta(ContentId id) {
        return dir.resolve(id.hex() + META);
    }

    Path manifest(ContentId id) {
        return dir.resolve(id.hex() + MANIFEST);
    }

    Path unchecked(ContentId id) {
        return dir.resolve(id.hex() + UNCHECKED);
    }

    /** A content's files while it arrives, to delete together: the bytes, their validator, the unchecked mark. */
    Path[] partFiles(ContentId id) {
        return new Path[]{part(id), meta(id), unchecked(id)};
    }

    /** Where the part file's unchecked bytes begin: {@link Long#MAX_VALUE} when none are, 0 when the mark does not read. */
    long readUnchecked(ContentId id) {
        try {
            return Long.parseLong(Files.readString(unchecked(id), StandardCharsets.US_ASCII).strip());
        } catch (NoSuchFileException e) {
            return Long.MAX_VALUE;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    void writeUnchecked(ContentId id, long from) throws IOException {
        Files.writeString(unchecked(id), Long.toString(from), StandardCharsets.US_ASCII);
    }

    Optional<String> readMeta(ContentId id) {
        try {
            return Optional.of(Files.readString(meta(id), StandardCharsets.ISO_8859_1).strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    void writeMeta(ContentId id, String validator) throws IOException {
        Files.writeString(meta(id), validator, StandardCharsets.ISO_8859_1);
    }

    /** The content a part file holds bytes of, or empty for any other file. */
    static Optional<ContentId> ofPart(Path p) {
        String name = p.getFileName().toString();
        return name.endsWith(PART) ? ContentId.parse(name.substring(0, name.length() - PART.length())) : Optional.empty();
    }

    List<Path> list() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The manifest beside a content, when it reads and is of a content of {@code size} bytes. */
    Optional<PieceManifest> readManifest(ContentId id, long size) {
        try {
            PieceManifest m = PieceManifest.parse(Files.readString(manifest(id), StandardCharsets.US_ASCII));
            return m.size() == size ? Optional.of(m) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The whole-file and piece hashes of a file, in one pass. */
    static PieceHasher hash(Path file) throws IOException {
        PieceHasher hasher = new PieceHasher();
        ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            while (in.read(buffer.clear()) >= 0) {
                hasher.update(buffer.flip());
            }
        }
        return hasher;
    }

    static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    static long lastModified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    static void deleteQuietly(Path... paths) {
        for (Path p : paths) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // left for the next eviction or start
            }
        }
    }
}
