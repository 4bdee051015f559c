#!/usr/bin/env python3
"""Attributes JFR CPU samples (jdk.ExecutionSample) to the layers of Grove's serving path.

    jfr print --json --stack-depth 200 --events jdk.ExecutionSample rec.jfr > samples.json
    python3 loadtest/profile/layers.py samples.json

Each sample goes to the first layer found walking from the executing frame towards the thread's
root, so "validation" holds the time spent inside Bean Validation including the JDK code it calls.
"""
import json
import sys
from collections import Counter

# (layer, frame prefixes), most specific first.
LAYERS = [
    ("prediction: scoring", ("io.grove.scoring.CompiledForestScorer", "io.grove.scoring.TribuoScorer", "org.tribuo.")),
    ("prediction: input rules", ("io.grove.scoring.InputSchema",)),
    ("prediction: admission", ("io.grove.admission.",)),
    ("metrics", ("io.micrometer.", "org.springframework.boot.micrometer", "org.springframework.http.server.observation",
                 "org.springframework.web.filter.ServerHttpObservationFilter", "io.prometheus.")),
    ("logging", ("ch.qos.logback.", "org.slf4j.", "io.grove.http.log.RequestLogFilter")),
    ("validation", ("org.hibernate.validator.", "jakarta.validation.",
                    "org.springframework.validation.")),
    ("JSON write", ("tools.jackson.databind.ser.", "tools.jackson.core.json.UTF8JsonGenerator",
                    "tools.jackson.databind.ObjectWriter", "org.springframework.http.converter.json.JacksonJsonHttpMessageConverter.write",
                    "org.springframework.http.converter.AbstractJacksonHttpMessageConverter.write",
                    "org.springframework.http.converter.AbstractSmartHttpMessageConverter.write")),
    ("JSON read", ("tools.jackson.", "org.springframework.http.converter.")),
    ("prediction: service", ("io.grove.prediction.",)),
    ("Spring MVC", ("org.springframework.web.", "org.springframework.")),
    ("Tomcat + HTTP", ("org.apache.tomcat.", "org.apache.coyote.", "org.apache.catalina.")),
    ("JDK network I/O", ("sun.nio.", "java.nio.", "sun.net.")),
]


def layer_of(frames):
    names = [(f["method"]["type"]["name"] + "." + f["method"]["name"]).replace("/", ".") for f in frames]
    for name in names:
        for layer, prefixes in LAYERS:
            if name.startswith(prefixes):
                if layer == "metrics":
                    # Grove's own meters versus the per-request HTTP observation (http.server.requests).
                    ours = any(n.startswith("io.grove.prediction.") for n in names)
                    return "metrics: grove.prediction.*" if ours else "metrics: http.server.requests"
                return layer
    return "other (JVM, threads, GC)"


def main(path):
    events = json.load(open(path))["recording"]["events"]
    counts = Counter(layer_of(e["values"]["stackTrace"]["frames"]) for e in events
                     if e["values"].get("stackTrace"))
    total = sum(counts.values())
    print(f"{total} samples")
    for layer, n in counts.most_common():
        print(f"{layer:28s} {n:6d} {100.0 * n / total:5.1f}%")


if __name__ == "__main__":
    main(sys.argv[1])
