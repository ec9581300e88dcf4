package org.tl4j.core.data;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tl4j.api.DataException;

/**
 * An ordered list of labelled image files and the class names, read from a folder with one subfolder per class (as
 * Keras's {@code image_dataset_from_directory}) or from a CSV/TSV list of {@code path,label} rows.
 *
 * <p>Class names are sorted by code point, as Python sorts them, so class indices match Keras's. Entries are ordered
 * by class, then by relative path. Files are not opened here; undecodable ones surface later as {@link BadImage}s.
 * Immutable.
 */
public final class Dataset {
    /** The file extensions Keras accepts, lower case. */
    public static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif");

    /** Orders strings by Unicode code point, as Python's {@code sorted} does. */
    public static final Comparator<String> CODE_POINT_ORDER = Dataset::compareCodePoints;

    private static final Logger LOG = LoggerFactory.getLogger(Dataset.class);

    private final Path root;
    private final List<String> labels;
    private final List<ImageEntry> entries;
    private final List<String> warnings;

    private Dataset(Path root, List<String> labels, List<ImageEntry> entries, List<String> warnings) {
        this.root = root;
        this.labels = List.copyOf(labels);
        this.entries = List.copyOf(entries);
        this.warnings = List.copyOf(warnings);
    }

    /** A dataset from given parts (entries' labels must index {@code labels}). */
    public static Dataset of(Path root, List<String> labels, List<ImageEntry> entries, List<String> warnings) {
        for (ImageEntry e : entries) {
            if (e.label() < -1 || e.label() >= labels.size()) {
                throw new IllegalArgumentException("label " + e.label() + " of " + e.name() + " is not in " + labels);
            }
        }
        return new Dataset(root, labels, entries, warnings);
    }

    /**
     * Reads a class-folder tree and infers the classes from its subfolders. Empty class folders are dropped with a
     * warning; fewer than two classes with images is an error, since a classifier needs at least two.
     */
    public static Dataset fromDirectory(Path root) {
        requireDirectory(root);
        List<Path> classDirs = classFolders(root);
        List<String> warnings = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<ImageEntry> entries = new ArrayList<>();
        int ignored = 0;
        for (Path dir : classDirs) {
            String label = dir.getFileName().toString();
            List<Path> files = new ArrayList<>();
            ignored += listImages(dir, files, warnings);
            if (files.isEmpty()) {
                warnings.add(warn("class folder '" + label + "' (" + dir + ") has no images; the class is left out"));
                continue;
            }
            labels.add(label);
            for (Path f : files) {
                entries.add(new ImageEntry(f, relativeName(root, f), labels.size() - 1));
            }
        }
        if (ignored > 0) {
            warnings.add(warn(ignored + " file(s) under " + root + " are not .jpg/.jpeg/.png/.bmp/.gif and were"
                    + " ignored"));
        }
        requireTwoClasses(root, labels, classDirs.size());
        return new Dataset(root, labels, entries, warnings);
    }

    /**
     * Reads a class-folder tree whose classes must be among {@code labels} (an explicit validation folder: indices
     * follow the training set's). Classes may be missing; an unknown class folder is an error.
     */
    public static Dataset fromDirectory(Path root, List<String> labels) {
        requireDirectory(root);
        List<String> warnings = new ArrayList<>();
        List<ImageEntry> entries = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (Path dir : classFolders(root)) {
            String label = dir.getFileName().toString();
            int index = labels.indexOf(label);
            if (index < 0) {
                unknown.add(label);
                continue;
            }
            List<Path> files = new ArrayList<>();
            listImages(dir, files, warnings);
            if (files.isEmpty()) {
                warnings.add(warn("class folder '" + label + "' (" + dir + ") has no images"));
            }
            for (Path f : files) {
                entries.add(new ImageEntry(f, relativeName(root, f), index));
            }
        }
        if (!unknown.isEmpty()) {
            throw new DataException(root + " has class folders " + unknown + " that the training data does not have;"
                    + " known classes: " + labels);
        }
        entries.sort(Comparator.comparingInt(ImageEntry::label).thenComparing(ImageEntry::name, CODE_POINT_ORDER));
        return new Dataset(root, labels, entries, warnings);
    }

    /** All images under a folder, recursively, in relative-path order, without labels ({@code label = -1}). */
    public static Dataset unlabelled(Path root) {
        requireDirectory(root);
        List<Path> files = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        int ignored = listImages(root, files, warnings);
        if (ignored > 0) {
            warnings.add(warn(ignored + " file(s) under " + root + " are not images and were ignored"));
        }
        List<ImageEntry> entries = files.stream().map(f -> new ImageEntry(f, relativeName(root, f), -1)).toList();
        return new Dataset(root, List.of(), entries, warnings);
    }

    /** Given files, in the given order, without labels; names are the paths as given. */
    public static Dataset ofFiles(List<Path> files) {
        List<ImageEntry> entries = files.stream().map(f -> new ImageEntry(f, f.toString(), -1)).toList();
        return new Dataset(Path.of(""), List.of(), entries, List.of());
    }

    /**
     * Reads a CSV or TSV list of {@code path,label} rows (an optional header row such as {@code path,label} is
     * skipped; relative paths are resolved against the list's folder; fields may be double-quoted). Classes are the
     * sorted distinct labels; fewer than two is an error.
     */
    public static Dataset fromList(Path listFile) {
        ImageList list = ImageList.read(listFile);
        List<String> labels = list.rows().stream().map(ImageList.Row::label).distinct()
                .sorted(CODE_POINT_ORDER).toList();
        requireTwoClasses(listFile, labels, labels.size());
        return fromRows(listFile, list, labels);
    }

    /** Reads a CSV or TSV list whose labels must be among {@code labels} (a validation list). */
    public static Dataset fromList(Path listFile, List<String> labels) {
        ImageList list = ImageList.read(listFile);
        List<String> unknown = list.rows().stream().map(ImageList.Row::label).filter(l -> !labels.contains(l))
                .distinct().toList();
        if (!unknown.isEmpty()) {
            throw new DataException(listFile + " has labels " + unknown + " that the training data does not have;"
                    + " known classes: " + labels);
        }
        return fromRows(listFile, list, labels);
    }

    /** A folder ({@link #fromDirectory(Path)}) or a list file ({@link #fromList(Path)}). */
    public static Dataset load(Path source) {
        requireExists(source);
        return Files.isDirectory(source) ? fromDirectory(source) : fromList(source);
    }

    /** A folder or a list file whose classes must be among {@code labels}. */
    public static Dataset load(Path source, List<String> labels) {
        requireExists(source);
        return Files.isDirectory(source) ? fromDirectory(source, labels) : fromList(source, labels);
    }

    private static void requireExists(Path source) {
        if (!Files.exists(source)) {
            throw new DataException(source + " does not exist: give a folder with one subfolder per class, or a .csv/"
                    + ".tsv list of (path, label)" + (source.toString().contains("flowers")
                    || source.toString().contains("cats") ? "; the example datasets come with `./tl data fetch "
                    + "flowers` or `./tl data fetch cats-dogs`" : ""));
        }
    }

    private static Dataset fromRows(Path listFile, ImageList list, List<String> labels) {
        Path base = listFile.toAbsolutePath().getParent();
        List<ImageEntry> entries = new ArrayList<>();
        for (ImageList.Row r : list.rows()) {
            Path p = base.resolve(r.path()).normalize();
            entries.add(new ImageEntry(p, r.path().replace('\\', '/'), labels.indexOf(r.label())));
        }
        entries.sort(Comparator.comparingInt(ImageEntry::label).thenComparing(ImageEntry::name, CODE_POINT_ORDER));
        return new Dataset(listFile, labels, entries, list.warnings());
    }

    /** The folder or list file this dataset was read from. */
    public Path root() {
        return root;
    }

    /** Class names; index {@code i} is class {@code i}. Empty for unlabelled datasets. */
    public List<String> labels() {
        return labels;
    }

    public List<ImageEntry> entries() {
        return entries;
    }

    public int size() {
        return entries.size();
    }

    public ImageEntry get(int i) {
        return entries.get(i);
    }

    /** Problems found while listing (empty class folders, ignored files, duplicate rows), already logged. */
    public List<String> warnings() {
        return warnings;
    }

    /** Number of entries per class. */
    public int[] classCounts() {
        int[] counts = new int[labels.size()];
        for (ImageEntry e : entries) {
            if (e.label() >= 0) {
                counts[e.label()]++;
            }
        }
        return counts;
    }

    /** The class indices of all entries, in order. */
    public int[] labelIndices() {
        return entries.stream().mapToInt(ImageEntry::label).toArray();
    }

    /** A dataset with the same classes and only the given entries. */
    public Dataset withEntries(List<ImageEntry> subset) {
        return new Dataset(root, labels, subset, warnings);
    }

    /** The same dataset without the entries whose files are in {@code paths} (e.g. bad images). */
    public Dataset without(Collection<Path> paths) {
        Set<Path> drop = new HashSet<>(paths);
        return withEntries(entries.stream().filter(e -> !drop.contains(e.path())).toList());
    }

    /** A seeded, stratified split; see {@link DatasetSplit#stratified}. */
    public DatasetSplit split(double validationFraction, long seed) {
        return DatasetSplit.stratified(this, validationFraction, seed);
    }

    @Override
    public String toString() {
        return "Dataset[" + root + ", " + entries.size() + " images, " + labels.size() + " classes]";
    }

    private static void requireDirectory(Path root) {
        if (!Files.exists(root)) {
            throw new DataException("data folder " + root + " does not exist");
        }
        if (!Files.isDirectory(root)) {
            throw new DataException(root + " is not a folder");
        }
    }

    private static void requireTwoClasses(Path root, List<String> labels, int folders) {
        if (labels.size() >= 2) {
            return;
        }
        if (folders == 0) {
            throw new DataException(root + " has no class folders: put the images of each class in a subfolder named"
                    + " after the class (e.g. " + root.resolve("cats") + "/…, " + root.resolve("dogs") + "/…)");
        }
        throw new DataException(root + " has " + (labels.isEmpty() ? "no class with images" : "only one class with"
                + " images ('" + labels.get(0) + "')") + "; a classifier needs at least two classes");
    }

    private static List<Path> classFolders(Path root) {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(Files::isDirectory).filter(p -> !isHidden(p))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString(), CODE_POINT_ORDER)).toList();
        } catch (IOException e) {
            throw new DataException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * Adds the image files under {@code dir}, recursively and sorted, and returns how many other files it skipped.
     * Linked folders count; a link back into its own folder (a loop) is skipped with a warning.
     */
    private static int listImages(Path dir, List<Path> out, List<String> warnings) {
        List<Path> all = new ArrayList<>();
        try {
            Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult visitFile(Path p, BasicFileAttributes attrs) {
                            if (!attrs.isDirectory() && !isHidden(p)) {
                                all.add(p);
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path p, IOException e) throws IOException {
                            if (e instanceof FileSystemLoopException) {
                                warnings.add(warn(p + " is a link to a folder that holds it (a loop); skipped"));
                                return FileVisitResult.CONTINUE;
                            }
                            throw e;
                        }
                    });
        } catch (IOException e) {
            throw new DataException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        int ignored = 0;
        List<Path> images = new ArrayList<>();
        for (Path p : all) {
            if (IMAGE_EXTENSIONS.contains(extension(p))) {
                images.add(p);
            } else {
                ignored++;
            }
        }
        images.sort(Comparator.comparing(p -> relativeName(dir, p), CODE_POINT_ORDER));
        out.addAll(images);
        return ignored;
    }

    private static boolean isHidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }

    private static String extension(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** The path of {@code file} relative to {@code root}, with {@code /} separators. */
    static String relativeName(Path root, Path file) {
        Path rel = root.relativize(file);
        StringBuilder sb = new StringBuilder();
        for (Path part : rel) {
            if (!sb.isEmpty()) {
                sb.append('/');
            }
            sb.append(part);
        }
        return sb.toString();
    }

    private static String warn(String message) {
        LOG.warn(message);
        return message;
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
