package org.tl4j.spi;

import java.util.Locale;
import org.apiguardian.api.API;

/**
 * An optimizer and its hyper-parameters, with Keras's defaults and update rules (Adam: β1 0.9, β2 0.999, ε 1e-7;
 * SGD: momentum 0, no Nesterov; RMSprop: ρ 0.9, momentum 0, ε 1e-7).
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record OptimizerSpec(Kind kind, double learningRate, double momentum, double beta1, double beta2, double rho,
        double epsilon, double l2) {

    /** The optimizers every training backend must implement. */
    public enum Kind {
        ADAM, SGD, RMSPROP;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Keras's Adam with the given learning rate. */
    public static OptimizerSpec adam(double learningRate) {
        return new OptimizerSpec(Kind.ADAM, learningRate, 0, 0.9, 0.999, 0.9, 1e-7, 0);
    }

    /** Keras's SGD with the given learning rate and momentum. */
    public static OptimizerSpec sgd(double learningRate, double momentum) {
        return new OptimizerSpec(Kind.SGD, learningRate, momentum, 0.9, 0.999, 0.9, 1e-7, 0);
    }

    /** Keras's RMSprop with the given learning rate. */
    public static OptimizerSpec rmsprop(double learningRate) {
        return new OptimizerSpec(Kind.RMSPROP, learningRate, 0, 0.9, 0.999, 0.9, 1e-7, 0);
    }

    /** The same optimizer with an L2 penalty {@code l2·Σw²} on kernels. */
    public OptimizerSpec withL2(double l2Factor) {
        return new OptimizerSpec(kind, learningRate, momentum, beta1, beta2, rho, epsilon, l2Factor);
    }

    /** The same optimizer with another learning rate. */
    public OptimizerSpec withLearningRate(double lr) {
        return new OptimizerSpec(kind, lr, momentum, beta1, beta2, rho, epsilon, l2);
    }
}
