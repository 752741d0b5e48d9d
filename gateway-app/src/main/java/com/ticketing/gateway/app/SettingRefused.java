package com.ticketing.gateway.app;

/** A start refused because of the settings; the message says which and why ("Refusing to start: …"). */
final class SettingRefused extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    SettingRefused(String problem) {
        super("Refusing to start: " + problem);
    }
}
