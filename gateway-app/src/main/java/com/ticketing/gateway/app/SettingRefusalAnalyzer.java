package com.ticketing.gateway.app;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * A start refused by a setting reads as one: "APPLICATION FAILED TO START", the check's message
 * (which names the variable) and what to do, instead of a stack trace of the beans that were being
 * made. The settings' checks refuse with {@link SettingRefused} or {@link IllegalArgumentException};
 * one thrown while the beans are made is taken as such a refusal (Boot still logs the trace at DEBUG,
 * logger {@code org.springframework.boot.SpringApplication}). A refusal while binding is left to
 * Boot's own analyzer, which also names the property and its origin.
 */
public final class SettingRefusalAnalyzer implements FailureAnalyzer {

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        boolean makingBeans = false;
        RuntimeException refusal = null;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return null;
            }
            makingBeans |= t instanceof BeanCreationException;
            if (refusal == null && (t instanceof SettingRefused || t instanceof IllegalArgumentException)) {
                refusal = (RuntimeException) t;
            }
        }
        if (!makingBeans || refusal == null) {
            return null;
        }
        String problem = refusal instanceof SettingRefused ? refusal.getMessage()
                : "Refusing to start: " + refusal.getMessage();
        return new FailureAnalysis(problem,
                "Correct the environment variable it names (README.md, Configuration), then start again.", refusal);
    }
}
