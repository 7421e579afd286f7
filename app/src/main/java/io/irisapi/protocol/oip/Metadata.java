package io.irisapi.protocol.oip;

import java.util.List;

/** The Open Inference Protocol's metadata and health bodies. */
public final class Metadata {
    private Metadata() {
    }

    public record Server(String name, String version, List<String> extensions) {
    }

    public record Model(String name, List<String> versions, String platform, List<Tensor> inputs,
                        List<Tensor> outputs) {
    }

    /** A tensor's description; -1 is a dimension of any size. */
    public record Tensor(String name, String datatype, List<Integer> shape) {
    }

    public record Live(boolean live) {
    }

    public record Ready(boolean ready) {
    }

    public record ModelReady(String name, boolean ready) {
    }
}
