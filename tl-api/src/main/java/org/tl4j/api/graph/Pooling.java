package org.tl4j.api.graph;

import java.util.List;

/** Shape rules shared by windowed layers (convolutions and pooling). */
final class Pooling {
    private Pooling() {
    }

    static Shape windowed(Node node, Shape in, int kh, int kw, int sh, int sw, Padding padding, int channels,
            List<Shape> inputShapes) {
        int h = padding.outputSize(in.height(), kh, sh);
        int w = padding.outputSize(in.width(), kw, sw);
        if ((in.height() != Shape.UNKNOWN && h <= 0) || (in.width() != Shape.UNKNOWN && w <= 0)) {
            throw node.error("a " + kh + "×" + kw + " window with '" + padding.keras()
                    + "' padding does not fit the input", inputShapes);
        }
        return Shape.hwc(h, w, channels);
    }
}
