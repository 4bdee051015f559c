package io.grove.model;

import java.time.Instant;

/**
 * A snapshot of one model version's lifecycle, for listings and metadata.
 *
 * @param name      the model's name
 * @param version   the version
 * @param state     where the version stands
 * @param reason    why the last load failed, or {@code null} if it did not; a READY version keeps
 *                  serving its previous load when a reload fails, and says so here
 * @param changedAt when the state or reason last changed
 * @param model     the loaded model when the version is READY, else {@code null}
 */
public record VersionStatus(String name, String version, ModelState state, String reason, Instant changedAt,
                            LoadedModel model) {
}
