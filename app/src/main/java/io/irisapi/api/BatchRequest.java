package io.irisapi.api;

import java.util.List;

public record BatchRequest(List<IrisFeatures> instances) {
}
