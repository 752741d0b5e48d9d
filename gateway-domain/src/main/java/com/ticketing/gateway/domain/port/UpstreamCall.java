package com.ticketing.gateway.domain.port;

import com.ticketing.gateway.domain.model.CallContext;
import com.ticketing.gateway.domain.route.UpstreamOperation;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One call of an upstream operation.
 *
 * @param jsonBody       the request message as REST JSON, or an empty array for none
 * @param fields         request fields by JSON name, as text (from the path, the query or the gateway)
 * @param responseFields JSON names of reply fields whose values the caller wants in {@code Ok.fields()}
 */
public record UpstreamCall(UpstreamOperation operation, byte[] jsonBody, Map<String, String> fields,
                           Set<String> responseFields, CallContext context) {
    public UpstreamCall {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(jsonBody, "jsonBody");
        Objects.requireNonNull(context, "context");
        fields = Map.copyOf(fields);
        responseFields = Set.copyOf(responseFields);
    }
}
