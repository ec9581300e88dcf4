package org.tl4j.spark;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.tl4j.api.TlConfigException;
import org.tl4j.api.config.RunConfig;

/**
 * A Spark ML {@code Transformer} that adds a backbone's pooled features to a DataFrame of images: the backbone,
 * input size, preprocessing, crop, weights, backend and batch size of a tl4j run config, the same pass as
 * {@code tl extract} (so the same features, bit for bit).
 *
 * <pre>{@code
 * Dataset<Row> images = spark.read().format("binaryFile").option("recursiveFileLookup", "true").load("photos/");
 * Dataset<Row> features = new TlFeatureExtractor()
 *         .setConfig(RunConfig.load(Path.of("flowers.conf"), List.of()))
 *         .transform(images);
 * }</pre>
 *
 * <p>The image column ({@code content} by default) holds a file's bytes, as Spark's {@code binaryFile} source gives
 * them, or a path or URI that the executors read through Hadoop's file systems. Three columns are added:
 * {@code features} (an {@code ml.linalg.Vector}, null for a bad image), {@code error} (why an image is bad, else
 * null) and {@code content_hash} (the SHA-256 of the file, which {@link SparkHeadTraining} keys features by). A bad
 * image never fails the job.
 *
 * <p>On the driver the weights are resolved once (read, or downloaded when the config allows) and broadcast; each
 * executor JVM opens one backend engine per config on {@code spark.task.cpus} threads and keeps it for every later
 * partition, task and job (see {@link ExecutorEngines}). Partitions are decoded and run through the base in batches
 * of {@code tl4j.data.batch-size}.
 */
public final class TlFeatureExtractor extends Transformer {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final Param<String> config;
    private final Param<String> inputCol;
    private final Param<String> pathCol;
    private final Param<String> outputCol;
    private final Param<String> errorCol;
    private final Param<String> hashCol;

    /** An extractor with a fresh uid. */
    public TlFeatureExtractor() {
        this(Identifiable$.MODULE$.randomUID("tlFeatureExtractor"));
    }

    /** An extractor with the given uid (Spark's {@code copy} calls this). */
    public TlFeatureExtractor(String uid) {
        this.uid = uid;
        config = new Param<>(this, "config", "the resolved tl4j run config, as JSON (setConfig)");
        inputCol = new Param<>(this, "inputCol", "the image column: bytes (binaryFile's content) or a path");
        pathCol = new Param<>(this, "pathCol", "the column naming each image in error messages (may be absent)");
        outputCol = new Param<>(this, "outputCol", "the features column to add (ml.linalg.Vector)");
        errorCol = new Param<>(this, "errorCol", "the column to add with why an image is bad (else null)");
        hashCol = new Param<>(this, "hashCol", "the column to add with each file's SHA-256");
        setDefault(inputCol, "content");
        setDefault(pathCol, "path");
        setDefault(outputCol, "features");
        setDefault(errorCol, "error");
        setDefault(hashCol, "content_hash");
    }

    @Override
    public String uid() {
        return uid;
    }

    /** The run config whose backbone, weights, input size, preprocessing, backend and batch size are used. */
    public TlFeatureExtractor setConfig(RunConfig runConfig) {
        set(config, runConfig.source().root().render(ConfigRenderOptions.concise()));
        return this;
    }

    public TlFeatureExtractor setInputCol(String column) {
        set(inputCol, column);
        return this;
    }

    public TlFeatureExtractor setPathCol(String column) {
        set(pathCol, column);
        return this;
    }

    public TlFeatureExtractor setOutputCol(String column) {
        set(outputCol, column);
        return this;
    }

    public TlFeatureExtractor setErrorCol(String column) {
        set(errorCol, column);
        return this;
    }

    public TlFeatureExtractor setHashCol(String column) {
        set(hashCol, column);
        return this;
    }

    public Param<String> config() {
        return config;
    }

    public Param<String> inputCol() {
        return inputCol;
    }

    public Param<String> pathCol() {
        return pathCol;
    }

    public Param<String> outputCol() {
        return outputCol;
    }

    public Param<String> errorCol() {
        return errorCol;
    }

    public Param<String> hashCol() {
        return hashCol;
    }

    /** The run config set with {@link #setConfig}. */
    public RunConfig runConfig() {
        if (!isDefined(config)) {
            throw new TlConfigException("TlFeatureExtractor needs a tl4j run config: call setConfig(RunConfig)");
        }
        return RunConfig.from(ConfigFactory.parseString(getOrDefault(config)));
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = transformSchema(dataset.schema());
        RunConfig rc = runConfig();
        StructType in = dataset.schema();
        int image = in.fieldIndex(getOrDefault(inputCol));
        PartitionExtractor.Input input = in.fields()[image].dataType().equals(DataTypes.BinaryType)
                ? PartitionExtractor.Input.BYTES : PartitionExtractor.Input.PATH;
        int path = Arrays.asList(in.fieldNames()).indexOf(getOrDefault(pathCol));
        PartitionExtractor f = new PartitionExtractor(ShippedPass.of(dataset.sparkSession(), rc),
                rc.data().batchSize(), image, input, path);
        return dataset.toDF().mapPartitions(f, Encoders.row(out));
    }

    @Override
    public StructType transformSchema(StructType schema) {
        String image = getOrDefault(inputCol);
        List<String> names = Arrays.asList(schema.fieldNames());
        if (!names.contains(image)) {
            throw new TlConfigException("TlFeatureExtractor: no column " + image + " among " + names
                    + "; set the image column with setInputCol (bytes, as binaryFile's content, or a path)");
        }
        DataType type = schema.apply(image).dataType();
        if (!type.equals(DataTypes.BinaryType) && !type.equals(DataTypes.StringType)) {
            throw new TlConfigException("TlFeatureExtractor: column " + image + " is " + type.simpleString()
                    + "; it must hold an image's bytes (binary) or its path (string)");
        }
        List<StructField> fields = new ArrayList<>(Arrays.asList(schema.fields()));
        for (String added : List.of(getOrDefault(outputCol), getOrDefault(errorCol), getOrDefault(hashCol))) {
            if (names.contains(added)) {
                throw new TlConfigException("TlFeatureExtractor: the input already has a column " + added
                        + "; choose another name for it (setOutputCol, setErrorCol, setHashCol)");
            }
        }
        fields.add(DataTypes.createStructField(getOrDefault(outputCol), SQLDataTypes.VectorType(), true));
        fields.add(DataTypes.createStructField(getOrDefault(errorCol), DataTypes.StringType, true));
        fields.add(DataTypes.createStructField(getOrDefault(hashCol), DataTypes.StringType, true));
        return DataTypes.createStructType(fields);
    }

    @Override
    public TlFeatureExtractor copy(ParamMap extra) {
        return (TlFeatureExtractor) defaultCopy(extra);
    }
}
