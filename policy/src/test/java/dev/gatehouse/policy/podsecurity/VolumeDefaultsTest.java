package dev.gatehouse.policy.podsecurity;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodSpec;
import org.junit.jupiter.api.Test;

class VolumeDefaultsTest {

    @Test
    void specWithSourcedVolumes_isReturnedAsIs() {
        PodSpec spec = CheckTables.pod("spec: {volumes: [{name: a, emptyDir: {}}, {name: b, hostPath: {path: /}}]}").spec();

        assertThat(VolumeDefaults.apply(spec)).isSameAs(spec);
    }

    @Test
    void sourceLessVolume_becomesEmptyDir_inACopy_leavingTheInputUntouched() {
        PodSpec spec = CheckTables.pod("spec: {volumes: [{name: a}, {name: b, secret: {secretName: s}}]}").spec();

        PodSpec defaulted = VolumeDefaults.apply(spec);

        assertThat(defaulted).isNotSameAs(spec);
        assertThat(defaulted.getVolumes().get(0).getEmptyDir()).isNotNull();
        assertThat(defaulted.getVolumes().get(1)).isSameAs(spec.getVolumes().get(1));
        assertThat(spec.getVolumes().get(0).getEmptyDir()).isNull();
    }

    @Test
    void nullSpec_staysNull() {
        assertThat(VolumeDefaults.apply(null)).isNull();
    }
}
