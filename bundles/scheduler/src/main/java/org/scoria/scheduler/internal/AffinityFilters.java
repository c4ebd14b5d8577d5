package org.scoria.scheduler.internal;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.scoria.persistence.Volume;
import org.scoria.persistence.VolumeStore;
import org.scoria.scheduler.SchedulingRequest;

/** The backends ({@code host@backend}) of the volumes a scheduler hint names; volumes not placed yet have none. */
final class AffinityFilters {

    private AffinityFilters() {
    }

    static Set<String> backendsOf(VolumeStore store, SchedulingRequest request, String hint) {
        List<String> ids = request.hints().getOrDefault(hint, List.of());
        return ids.stream().map(store::find).flatMap(Optional::stream).map(Volume::backendHost)
                .filter(Objects::nonNull).collect(Collectors.toSet());
    }
}
