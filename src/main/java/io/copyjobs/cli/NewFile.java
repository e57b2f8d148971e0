package io.copyjobs.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A file to add to a job, as the API takes it: {@code {remoteUrl, localName}}. */
record NewFile(String remoteUrl, String localName) {

    /** {@code {files:[…]}}, the body of AddFileSet. */
    record FileSet(List<NewFile> files) {
    }

    /** Pairs from the command line: URL, LOCALNAME, URL, LOCALNAME … */
    static List<NewFile> pairs(List<String> words) {
        if (words.size() % 2 != 0) {
            throw CliFailure.usage("'" + words.get(words.size() - 1) + "' has no LOCALNAME: give URL LOCALNAME pairs");
        }
        List<NewFile> files = new ArrayList<>();
        for (int i = 0; i < words.size(); i += 2) {
            files.add(new NewFile(words.get(i), words.get(i + 1)));
        }
        return files;
    }

    /**
     * A list file: one {@code URL LOCALNAME} per line (the name is the rest of the line, so it may
     * hold spaces); blank lines and lines starting with {@code #} are skipped.
     */
    static List<NewFile> read(Path list) {
        List<String> lines;
        try {
            lines = Files.readAllLines(list, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CliFailure.usage("--from-file " + list + ": cannot read it (" + e + ")");
        }
        List<NewFile> files = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+", 2);
            if (parts.length < 2) {
                throw CliFailure.usage(list + " line " + (i + 1) + ": expected URL LOCALNAME, found '" + line + "'");
            }
            files.add(new NewFile(parts[0], parts[1]));
        }
        return files;
    }

    /** The last segment of the URL's path, as {@code transfer} names each file (like Start-BitsTransfer). */
    static String lastSegment(URI url) {
        String path = url.getPath();
        String name = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        if (name.isEmpty()) {
            throw CliFailure.usage(url + " names no file (its path ends in '/'): add it with addfile and a LOCALNAME");
        }
        return name;
    }
}
