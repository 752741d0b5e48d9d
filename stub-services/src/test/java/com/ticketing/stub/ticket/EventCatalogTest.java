package com.ticketing.stub.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.stub.grpc.FieldViolation;
import com.ticketing.stub.support.MutableClock;
import java.util.Comparator;
import org.junit.jupiter.api.Test;

class EventCatalogTest {

    private final MutableClock clock = MutableClock.at("2029-06-01T10:00:00Z");
    private final EventCatalog catalog = EventCatalog.seeded(clock);

    @Test
    void seedsAtLeastTwentyFutureEventsInSeveralCategoriesAndCities() {
        assertThat(catalog.all()).hasSizeGreaterThanOrEqualTo(20);
        assertThat(catalog.all()).extracting(EventListing::category)
                .contains("concert", "sports", "theatre", "comedy", "festival");
        assertThat(catalog.all().stream().map(EventListing::city).distinct().count()).isGreaterThan(5);
        assertThat(catalog.all()).allSatisfy(event -> {
            assertThat(event.startsAt()).isAfter(clock.instant());
            assertThat(event.currency()).isEqualTo("EUR");
            assertThat(event.priceCents()).isPositive();
            assertThat(event.id()).matches("evt-\\d{3}");
        });
    }

    @Test
    void seedHasASmallEventForSoldOutScenariosAndLargeOnesForLoad() {
        assertThat(catalog.find(CatalogSeed.SMALL_EVENT_ID)).get()
                .extracting(EventListing::totalTickets).isEqualTo(20);
        assertThat(catalog.all()).filteredOn(event -> event.totalTickets() >= 5000).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void filtersByCategoryIgnoringCase() {
        EventPage page = catalog.search(EventQuery.of("SPORTS", "", 0, 100));

        assertThat(page.events()).isNotEmpty().allSatisfy(event -> assertThat(event.category()).isEqualTo("sports"));
        assertThat(page.total()).isEqualTo(page.events().size());
    }

    @Test
    void searchesTextInNameDescriptionVenueAndCity() {
        assertThat(catalog.search(EventQuery.of("", "berlin", 1, 100)).events())
                .isNotEmpty().allSatisfy(event -> assertThat(event.city()).isEqualTo("Berlin"));
        assertThat(catalog.search(EventQuery.of("", "PHILHARMONIE", 1, 100)).events())
                .extracting(EventListing::id).containsExactly("evt-002");
        assertThat(catalog.search(EventQuery.of("", "candle-lit", 1, 100)).events())
                .extracting(EventListing::id).containsExactly("evt-007");
        assertThat(catalog.search(EventQuery.of("comedy", "no such thing", 1, 100)).total()).isZero();
    }

    @Test
    void pagesAreOrderedByStartThenIdAndTotalCountsAllMatches() {
        EventPage first = catalog.search(EventQuery.of("", "", 1, 5));
        EventPage second = catalog.search(EventQuery.of("", "", 2, 5));

        assertThat(first.total()).isEqualTo(catalog.all().size());
        assertThat(first.events()).hasSize(5);
        assertThat(second.events()).hasSize(5).doesNotContainAnyElementsOf(first.events());
        assertThat(catalog.all()).isSortedAccordingTo(
                Comparator.comparing(EventListing::startsAt).thenComparing(EventListing::id));
        assertThat(catalog.search(EventQuery.of("", "", 100, 5)).events()).isEmpty();
    }

    @Test
    void zeroPageAndPageSizeMeanTheDefaults() {
        EventQuery query = EventQuery.of("", "", 0, 0);

        assertThat(query.page()).isEqualTo(1);
        assertThat(query.pageSize()).isEqualTo(20);
    }

    @Test
    void negativePageAndOutOfRangePageSizeAreViolationsNamingTheField() {
        assertThat(EventQuery.violations(-1, 20)).containsExactly(new FieldViolation("page", "must be at least 1"));
        assertThat(EventQuery.violations(1, 101))
                .containsExactly(new FieldViolation("pageSize", "must be between 1 and 100"));
        assertThat(EventQuery.violations(1, -1)).hasSize(1);
        assertThat(EventQuery.violations(1, 100)).isEmpty();
        assertThat(EventQuery.violations(0, 0)).isEmpty();
    }
}
