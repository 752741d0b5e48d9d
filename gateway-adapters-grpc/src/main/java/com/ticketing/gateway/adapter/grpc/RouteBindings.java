package com.ticketing.gateway.adapter.grpc;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.ticketing.gateway.domain.route.Route;
import com.ticketing.gateway.domain.route.RouteKind;

/** Whether a route's field bindings fit the messages of its RPC; see {@link OperationRegistry#validate}. */
final class RouteBindings {

    /** The request/reply field the gateway's session handling binds (login, refresh, logout). */
    static final String REFRESH_TOKEN = "refreshToken";
    static final String SESSION_ID = "sessionId";

    private RouteBindings() {
    }

    static void check(Route route, GrpcOperation operation) {
        boolean streams = route.kind() == RouteKind.STREAM;
        if (streams ? !operation.serverStreaming() : !operation.unary()) {
            throw new IllegalArgumentException(operation.id() + " is " + operation.method().getType()
                    + ", the route needs " + (streams ? "SERVER_STREAMING" : "UNARY"));
        }
        route.pathFields().values().forEach(field -> requireText(operation.request(), field));
        route.queryFields().values().forEach(field -> requireText(operation.request(), field));
        route.location().ifPresent(template -> template.variables().forEach(v -> requireText(operation.reply(), v)));
        switch (route.kind()) {
            case LOGIN -> requireText(operation.reply(), REFRESH_TOKEN);
            case REFRESH -> {
                requireText(operation.request(), REFRESH_TOKEN);
                requireText(operation.reply(), REFRESH_TOKEN);
            }
            case LOGOUT -> requireText(operation.request(), SESSION_ID);
            case TRANSCODE, STREAM -> {
            }
        }
    }

    /** The field exists and holds one value that text converts to. */
    private static void requireText(MessageShape shape, String jsonName) {
        FieldDescriptor field = shape.require(jsonName);
        if (!FieldText.bindable(field)) {
            throw new IllegalArgumentException(shape.typeName() + "." + jsonName + " is "
                    + (field.isRepeated() ? "repeated " : "") + field.getType() + "; only single scalar fields bind to text");
        }
    }

}
