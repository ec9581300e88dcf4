package org.tl4j.core.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tl4j.api.DataException;

/** A parsed CSV/TSV image list: {@code path,label} rows, with errors that name the file and line. */
record ImageList(List<Row> rows, List<String> warnings) {
    private static final Logger LOG = LoggerFactory.getLogger(ImageList.class);
    private static final Set<String> PATH_HEADERS = Set.of("path", "file", "filename", "file_name", "image", "img");
    private static final Set<String> LABEL_HEADERS = Set.of("label", "class", "class_name", "category", "target");

    /** One data row. */
    record Row(String path, String label, int line) {
    }

    static ImageList read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DataException("image list " + file + (Files.exists(file) ? " is not a file" : " does not exist"));
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DataException("cannot read image list " + file + ": " + e.getMessage(), e);
        }
        char delimiter = delimiter(file, lines);
        List<Row> rows = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = i == 0 ? stripBom(lines.get(i)) : lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> fields = split(line, delimiter, file, i + 1);
            if (fields.size() < 2 || fields.get(0).isBlank() || fields.get(1).isBlank()) {
                throw new DataException(file + ":" + (i + 1) + ": expected 'path" + delimiter + "label', got '"
                        + line + "'");
            }
            if (rows.isEmpty() && isHeader(fields)) {
                continue;
            }
            Row row = new Row(fields.get(0).strip(), fields.get(1).strip(), i + 1);
            if (!seen.add(row.path())) {
                String w = file + ":" + row.line() + ": '" + row.path() + "' is listed twice; the repeat is ignored";
                LOG.warn(w);
                warnings.add(w);
                continue;
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new DataException("image list " + file + " has no rows; expected lines of 'path" + delimiter
                    + "label'");
        }
        return new ImageList(rows, warnings);
    }

    private static boolean isHeader(List<String> fields) {
        return PATH_HEADERS.contains(fields.get(0).strip().toLowerCase(Locale.ROOT))
                && LABEL_HEADERS.contains(fields.get(1).strip().toLowerCase(Locale.ROOT));
    }

    private static char delimiter(Path file, List<String> lines) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".tsv") || name.endsWith(".tab")) {
            return '\t';
        }
        if (name.endsWith(".csv")) {
            return ',';
        }
        return lines.stream().filter(l -> !l.isBlank()).findFirst()
                .map(l -> l.indexOf('\t') >= 0 && l.indexOf(',') < 0 ? '\t' : ',').orElse(',');
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    /** Splits one line; fields may be double-quoted, with {@code ""} for a quote inside. */
    private static List<String> split(String line, char delimiter, Path file, int lineNo) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.toString().isBlank()) {
                quoted = true;
                field.setLength(0);
            } else if (c == delimiter) {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new DataException(file + ":" + lineNo + ": unterminated quote in '" + line + "'");
        }
        out.add(field.toString());
        return out;
    }
}
