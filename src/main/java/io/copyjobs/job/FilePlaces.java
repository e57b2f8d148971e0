package io.copyjobs.job;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The places a job's file takes in the job directory (its name, its part file, the part file's
 * metadata), and the rule that keeps the places of a job's files apart.
 */
public final class FilePlaces {
    /** What the transfer engine appends to a local name for the file's bytes until Complete. */
    public static final String PART = ".part";
    /** What it appends to the part file's name for the validator a resume sends. */
    public static final String META = ".meta";

    private FilePlaces() {
    }

    /**
     * No two files of one job may write to the same place: a file's name, its part file and the
     * part file's metadata ({@code <name>.part}, {@code <name>.part.meta}, as the transfer engine
     * writes them) are its places, and no place of one file may be, or lie inside, or hold a place of
     * another ({@code a} and {@code a.part/b} collide: {@code a.part} would have to be a file and a
     * directory). Compared ignoring case, as Windows clients and case-insensitive volumes do: on such
     * a volume {@code A.bin} and {@code a.bin} are one file.
     */
    static Optional<Rejection> check(List<FileSpec> files, List<String> existing) {
        Set<String> places = new HashSet<>();
        Set<String> folders = new HashSet<>();
        existing.forEach(name -> occupy(name.toLowerCase(Locale.ROOT), places, folders));
        for (int i = 0; i < files.size(); i++) {
            String name = files.get(i).localName().toLowerCase(Locale.ROOT);
            String field = "files[" + i + "].localName";
            if (name.endsWith(PART) || name.endsWith(PART + META)) {
                return JobRules.reject(ErrorCode.E_INVALIDARG, field + ": names ending in .part or .part.meta are kept for "
                        + "files being transferred");
            }
            if (collides(name, places, folders)) {
                return JobRules.reject(ErrorCode.E_INVALIDARG, field + ": '" + files.get(i).localName()
                        + "' collides with another file of the job, its part file or a folder of it");
            }
            occupy(name, places, folders);
        }
        return Optional.empty();
    }

    private static List<String> placesOf(String name) {
        return List.of(name, name + PART, name + PART + META);
    }

    private static boolean collides(String name, Set<String> places, Set<String> folders) {
        for (String place : placesOf(name)) {
            if (places.contains(place) || folders.contains(place)) {
                return true;
            }
        }
        for (int slash = name.indexOf('/'); slash >= 0; slash = name.indexOf('/', slash + 1)) {
            if (places.contains(name.substring(0, slash))) {
                return true;
            }
        }
        return false;
    }

    private static void occupy(String name, Set<String> places, Set<String> folders) {
        places.addAll(placesOf(name));
        for (int slash = name.indexOf('/'); slash >= 0; slash = name.indexOf('/', slash + 1)) {
            folders.add(name.substring(0, slash));
        }
    }
}
