package com.ticketing.stub.ticket;

/** Seat labels like {@code A-17}: rows A…Z, then AA, AB…, of {@value #SEATS_PER_ROW} seats each. */
public final class SeatLabels {

    public static final int SEATS_PER_ROW = 20;

    private SeatLabels() {
    }

    /** The label of the 0-based seat {@code index}. */
    public static String label(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("seat index must not be negative");
        }
        return row(index / SEATS_PER_ROW) + "-" + (index % SEATS_PER_ROW + 1);
    }

    private static String row(int row) {
        StringBuilder label = new StringBuilder();
        int remaining = row + 1;
        while (remaining > 0) {
            remaining--;
            label.insert(0, (char) ('A' + remaining % 26));
            remaining /= 26;
        }
        return label.toString();
    }
}
