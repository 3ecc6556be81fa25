package dev.referly.programs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.referly.shared.ApiException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PartnerStatusTest {

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
        "approved, archived, true",
        "archived, approved, true",
        "approved, approved, true",
        "deactivated, approved, true",
        "banned, approved, true",
        "pending, approved, true",
        "pending, rejected, true",
        "rejected, approved, true",
        "approved, banned, false",
        "approved, deactivated, false",
        "approved, pending, false",
        "archived, rejected, false",
        "banned, archived, false",
        "invited, approved, false",
        "declined, approved, false",
    })
    void manualChanges(String from, String to, boolean allowed) {
        PartnerStatus source = PartnerStatus.parse("status", from);
        PartnerStatus target = PartnerStatus.parse("status", to);
        if (allowed) {
            assertThatCode(() -> source.checkManualChangeTo(target)).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> source.checkManualChangeTo(target))
                    .isInstanceOf(ApiException.class).hasMessageStartingWith("status: ");
        }
    }

    @ParameterizedTest
    @CsvSource({"banned, true", "deactivated, true", "approved, false", "archived, false", "pending, false"})
    void onlyBannedAndDeactivatedPartnersLoseTheirLinks(String status, boolean disables) {
        assertThat(PartnerStatus.parse("status", status).disablesLinks()).isEqualTo(disables);
    }

    @ParameterizedTest
    @CsvSource({"Approved", "APPROVED", "''", "active"})
    void unknownStatusesAreRefusedNamingTheField(String text) {
        assertThatThrownBy(() -> PartnerStatus.parse("status", text)).hasMessageStartingWith("status: must be one of");
    }
}
