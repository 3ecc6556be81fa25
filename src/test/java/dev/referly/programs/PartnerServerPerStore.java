package dev.referly.programs;

import dev.referly.testing.ServerPerStore;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;

/** The partner ITs' server: one per store, with the program's site set so enrollments get links. */
abstract class PartnerServerPerStore extends ServerPerStore {
    static PartnerFixtures fx;

    @BeforeParameterizedClassInvocation
    static void setUpProgram() {
        fx = new PartnerFixtures(server);
        fx.programUrl(api(), PartnerFixtures.PROGRAM_URL);
    }
}
