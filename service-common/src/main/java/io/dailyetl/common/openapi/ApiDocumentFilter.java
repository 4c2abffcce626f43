package io.dailyetl.common.openapi;

import io.dailyetl.common.Problem;
import io.dailyetl.contract.ProblemType;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * What every service's OpenAPI document says the same way about each {@code /api} operation, so that no resource
 * method repeats it: the {@code bearer} scheme applies, a 401 (no bearer token), 403 (a token the service does not
 * know, or a role the operation does not serve), 415 (a body of another media type, where the operation reads one)
 * and 500 can be answered, and every error answer is a {@code Problem} ({@code application/problem+json}). The
 * servers are the host that serves the document. Named by {@code mp.openapi.filter} in each service; applied at
 * build time, so the document stored in {@code target/openapi} is the one served.
 */
public class ApiDocumentFilter implements OASFilter {

    /** The security scheme every {@code /api} operation needs (declared by each service's {@code ApiDefinition}). */
    public static final String BEARER = "bearer";

    private static final String PROBLEM = "Problem";
    private static final String FIELD_ERROR = "FieldError";
    private static final String API = "/api";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        addProblemSchemas(openAPI.getComponents());
        // relative: the API is on whichever host serves this document (not a guessed localhost)
        openAPI.setServers(
                List.of(OASFactory.createServer().url("/").description("The host that serves this document")));
        if (openAPI.getPaths() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.equals(API) || path.startsWith(API + "/")) {
                item.getOperations().values().forEach(ApiDocumentFilter::completeOperation);
            }
        });
    }

    private static void completeOperation(Operation operation) {
        if (operation.getSecurity() == null || operation.getSecurity().isEmpty()) {
            operation.addSecurityRequirement(
                    OASFactory.createSecurityRequirement().addScheme(BEARER));
        }
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        APIResponses responses = operation.getResponses();
        addIfAbsent(
                responses,
                "401",
                "No bearer token: the request has no Authorization: Bearer header (WWW-Authenticate: Bearer)");
        addIfAbsent(
                responses,
                "403",
                "The bearer token is not one of this service's tokens, or its role may not call this operation");
        if (readsTypedBody(operation)) {
            addIfAbsent(responses, "415", "The body's Content-Type is not one this operation reads");
        }
        addIfAbsent(responses, "500", "An unexpected failure; the service log has it");
        // by status code, so that each answer is where a reader looks for it
        Map<String, APIResponse> sorted = new TreeMap<>(responses.getAPIResponses());
        sorted.forEach((code, response) -> {
            if (isError(code) && !hasContent(response)) {
                response.setContent(problemContent());
            }
        });
        sorted.forEach((code, response) -> responses.removeAPIResponse(code));
        sorted.forEach(responses::addAPIResponse);
        APIResponse unauthorized = responses.getAPIResponse("401");
        if (unauthorized.getHeaders() == null || !unauthorized.getHeaders().containsKey("WWW-Authenticate")) {
            unauthorized.addHeader(
                    "WWW-Authenticate",
                    OASFactory.createHeader()
                            .description("The scheme to authenticate with: Bearer")
                            .schema(OASFactory.createSchema().addType(SchemaType.STRING)));
        }
    }

    /** A request body of named media types (not {@code *}{@code /*}, which takes any). */
    private static boolean readsTypedBody(Operation operation) {
        if (operation.getRequestBody() == null
                || operation.getRequestBody().getContent() == null
                || operation.getRequestBody().getContent().getMediaTypes() == null) {
            return false;
        }
        Map<String, ?> types = operation.getRequestBody().getContent().getMediaTypes();
        return !types.isEmpty() && !types.containsKey("*/*");
    }

    private static void addIfAbsent(APIResponses responses, String code, String description) {
        if (!responses.hasAPIResponse(code)) {
            responses.addAPIResponse(code, OASFactory.createAPIResponse().description(description));
        }
    }

    private static boolean isError(String code) {
        return code.startsWith("4") || code.startsWith("5");
    }

    private static boolean hasContent(APIResponse response) {
        return response.getContent() != null
                && response.getContent().getMediaTypes() != null
                && !response.getContent().getMediaTypes().isEmpty();
    }

    private static Content problemContent() {
        return OASFactory.createContent()
                .addMediaType(
                        Problem.MEDIA_TYPE,
                        OASFactory.createMediaType()
                                .schema(OASFactory.createSchema().ref(PROBLEM)));
    }

    private static void addProblemSchemas(Components components) {
        components.addSchema(
                FIELD_ERROR,
                OASFactory.createSchema()
                        .addType(SchemaType.OBJECT)
                        .description("One field at fault")
                        .addProperty(
                                "field",
                                OASFactory.createSchema()
                                        .addType(SchemaType.STRING)
                                        .description("A JSON path such as records[3].amount, or a query parameter's"
                                                + " name")
                                        .examples(List.of("records[3].amount")))
                        .addProperty(
                                "message",
                                OASFactory.createSchema()
                                        .addType(SchemaType.STRING)
                                        .description("What is wrong with it"))
                        .required(List.of("field", "message")));
        components.addSchema(
                PROBLEM,
                OASFactory.createSchema()
                        .addType(SchemaType.OBJECT)
                        .description("An RFC 9457 problem document (application/problem+json): the body of every"
                                + " error answer")
                        .addProperty(
                                "type",
                                OASFactory.createSchema()
                                        .addType(SchemaType.STRING)
                                        .description("What happened, for a program: a urn:daily-etl:… type"
                                                + " (docs/errors.md) or about:blank")
                                        .examples(List.of(ProblemType.INVALID_REQUEST.uri())))
                        .addProperty(
                                "title",
                                OASFactory.createSchema()
                                        .addType(SchemaType.STRING)
                                        .description("A short summary of the type"))
                        .addProperty(
                                "status",
                                OASFactory.createSchema()
                                        .addType(SchemaType.INTEGER)
                                        .format("int32")
                                        .description("The HTTP status code"))
                        .addProperty(
                                "detail",
                                OASFactory.createSchema()
                                        .addType(SchemaType.STRING)
                                        .description("What happened, for a person, and what to do about it"))
                        .addProperty(
                                "errors",
                                OASFactory.createSchema()
                                        .addType(SchemaType.ARRAY)
                                        .description("The fields at fault, when a request is invalid")
                                        .items(OASFactory.createSchema().ref(FIELD_ERROR)))
                        .required(List.of("type", "title", "status")));
    }
}
