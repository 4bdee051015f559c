package io.grove.model;

/**
 * Where one model version stands in its lifecycle, after Triton's model states.
 *
 * <ul>
 *   <li>{@link #LOADING}: being read, checked and warmed up; not serving yet.</li>
 *   <li>{@link #READY}: serving requests.</li>
 *   <li>{@link #UNAVAILABLE}: present in the repository but not serving (unloaded, or removed from disk).</li>
 *   <li>{@link #FAILED}: its last load failed and it has never served; the reason says why.</li>
 * </ul>
 */
public enum ModelState {
    LOADING, READY, UNAVAILABLE, FAILED
}
