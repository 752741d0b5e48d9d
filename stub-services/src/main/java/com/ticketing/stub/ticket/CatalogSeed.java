package com.ticketing.stub.ticket;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The stub catalog: 24 events with stable ids {@code evt-001}…{@code evt-024}, dated in the future
 * relative to the clock. {@code evt-007} has only {@value #SMALL_EVENT_TICKETS} tickets (for
 * sold-out scenarios); evt-001, evt-003, evt-006, evt-016 and evt-018 have 5000 each.
 */
public final class CatalogSeed {

    public static final String SMALL_EVENT_ID = "evt-007";
    public static final int SMALL_EVENT_TICKETS = 20;
    public static final String CURRENCY = "EUR";

    private CatalogSeed() {
    }

    public static List<EventListing> events(Clock clock) {
        Instant today = clock.instant().truncatedTo(ChronoUnit.DAYS);
        return List.of(
                event(today, "evt-001", "Aurora Skies World Tour", "concert",
                        "The synth-pop duo's stadium show for their new album, with full light production.",
                        "Olympiastadion", "Berlin", 30, "18:30", 8900, 5000),
                event(today, "evt-002", "Berlin Philharmonic: Mahler 5", "concert",
                        "Mahler's Fifth Symphony under the orchestra's chief conductor.",
                        "Philharmonie", "Berlin", 12, "19:00", 6500, 800),
                event(today, "evt-003", "Champions Cup Final", "sports",
                        "The season's final between the two best clubs of the continent.",
                        "Estadio Metropolitano", "Madrid", 45, "19:00", 15000, 5000),
                event(today, "evt-004", "Hamlet", "theatre",
                        "A stripped-down modern staging of Shakespeare's tragedy.",
                        "Burgtheater", "Vienna", 9, "18:30", 5400, 600),
                event(today, "evt-005", "Late Night Laughs", "comedy",
                        "Five stand-up comedians, one host, no filter.",
                        "Quatsch Comedy Club", "Berlin", 5, "20:00", 2500, 150),
                event(today, "evt-006", "Northern Lights Festival", "festival",
                        "Three days of indie, electronic and folk music across four stages.",
                        "Westerpark", "Amsterdam", 60, "12:00", 18900, 5000),
                event(today, SMALL_EVENT_ID, "Candlelight Jazz Session", "concert",
                        "An intimate acoustic jazz trio in a candle-lit cellar; only twenty seats.",
                        "Bimhuis Cellar", "Amsterdam", 7, "20:30", 4500, SMALL_EVENT_TICKETS),
                event(today, "evt-008", "Derby della Madonnina", "sports",
                        "Milan's city derby, the most heated match of the Serie A season.",
                        "San Siro", "Milan", 21, "18:45", 9500, 3000),
                event(today, "evt-009", "Les Misérables", "theatre",
                        "The classic musical in a new French-language production.",
                        "Théâtre du Châtelet", "Paris", 14, "19:30", 7900, 1200),
                event(today, "evt-010", "Open Mic Marathon", "comedy",
                        "Twenty new comedians get seven minutes each. Bring a thick skin.",
                        "The Laughter Lounge", "Dublin", 3, "19:30", 1500, 80),
                event(today, "evt-011", "Primavera Nights", "festival",
                        "Seaside festival of alternative pop, hip-hop and electronic acts.",
                        "Parc del Fòrum", "Barcelona", 75, "16:00", 22500, 4000),
                event(today, "evt-012", "Lisbon Fado Evening", "concert",
                        "Traditional fado with Portuguese guitar, in the heart of Alfama.",
                        "Clube de Fado", "Lisbon", 10, "20:00", 3500, 120),
                event(today, "evt-013", "EuroBasket Semi-Final", "sports",
                        "The last four teams of the European basketball championship.",
                        "O2 Arena", "Prague", 33, "17:00", 7500, 2500),
                event(today, "evt-014", "The Nutcracker", "theatre",
                        "Tchaikovsky's ballet with the state opera's full company and orchestra.",
                        "Wiener Staatsoper", "Vienna", 40, "18:00", 8800, 1700),
                event(today, "evt-015", "Improv Showdown", "comedy",
                        "Two improv teams, audience suggestions, one winner.",
                        "Théâtre de Dix Heures", "Paris", 8, "21:00", 1900, 200),
                event(today, "evt-016", "Rock am Isar", "festival",
                        "Two days of rock and metal headliners by the river.",
                        "Olympiapark", "Munich", 90, "13:00", 16500, 5000),
                event(today, "evt-017", "Verdi: La Traviata", "theatre",
                        "Verdi's opera in a lavish period production, sung in Italian with surtitles.",
                        "Teatro dell'Opera", "Rome", 25, "19:00", 9900, 1400),
                event(today, "evt-018", "Six Nations: Ireland v France", "sports",
                        "Rugby's oldest international championship, decided in Dublin.",
                        "Aviva Stadium", "Dublin", 50, "16:45", 11000, 5000),
                event(today, "evt-019", "Warehouse Techno Night", "concert",
                        "Eight hours of techno from resident and guest DJs.",
                        "Tresor", "Berlin", 4, "23:00", 2000, 400),
                event(today, "evt-020", "Stand-Up in English", "comedy",
                        "International comedians, all sets in English.",
                        "Boom Chicago", "Amsterdam", 6, "20:15", 2800, 300),
                event(today, "evt-021", "Jazz à la Villette", "festival",
                        "A week of jazz, soul and groove in the park's concert halls.",
                        "Parc de la Villette", "Paris", 55, "18:00", 6000, 2000),
                event(today, "evt-022", "Madrid Open: Quarter-Finals", "sports",
                        "Clay-court tennis: the four men's quarter-finals on centre court.",
                        "Caja Mágica", "Madrid", 28, "11:00", 8500, 3000),
                event(today, "evt-023", "The Mousetrap", "theatre",
                        "Agatha Christie's murder mystery, the world's longest-running play.",
                        "Gate Theatre", "Dublin", 16, "19:30", 4200, 370),
                event(today, "evt-024", "Symphonic Film Music Gala", "concert",
                        "Beloved film scores performed by a full symphony orchestra and choir.",
                        "Rudolfinum", "Prague", 19, "19:00", 5500, 1000));
    }

    private static EventListing event(Instant today, String id, String name, String category, String description,
                                      String venue, String city, int daysAhead, String time,
                                      int priceCents, int totalTickets) {
        Instant startsAt = today.plus(Duration.ofDays(daysAhead))
                .plus(Duration.ofSeconds(LocalTime.parse(time).toSecondOfDay()));
        return new EventListing(id, name, description, venue, city, category, startsAt,
                priceCents, CURRENCY, totalTickets);
    }
}
