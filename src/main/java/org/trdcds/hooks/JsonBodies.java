package org.trdcds.hooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Reads a POSTed JSON object in the contract's order of checks: size (413), media type (415), JSON (400).
 * Service calls and feedback read their bodies the same way. Decimals stay exact ({@code BigDecimal}): FHIR
 * resources in the body are parsed from this tree, and a dose of 0.10 must not become a double.
 */
@Component
final class JsonBodies {

    private final ObjectReader reader;
    private final long maxBodyBytes;

    JsonBodies(ObjectMapper json, HooksController.HooksSettings settings) {
        this.reader = json.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        this.maxBodyBytes = settings.maxBodyBytes();
    }

    JsonNode readObject(HttpServletRequest request) throws IOException {
        return parseObject(readBytes(request));
    }

    /** The body's bytes, after the size (413) and media type (415) checks. */
    byte[] readBytes(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > maxBodyBytes) {
            throw new BodyTooLargeException(maxBodyBytes);
        }
        if (!isJson(request.getContentType())) {
            throw new UnsupportedMediaTypeException(request.getContentType());
        }
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 1, maxBodyBytes + 1));
        }
        if (bytes.length > maxBodyBytes) {
            throw new BodyTooLargeException(maxBodyBytes);
        }
        return bytes;
    }

    /** The body as a JSON object (400 when it is not one). */
    JsonNode parseObject(byte[] bytes) throws IOException {
        JsonNode body;
        try {
            body = readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new BadRequestException("the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (body == null || !body.isObject()) {
            throw new BadRequestException("the body is not a JSON object");
        }
        return body;
    }

    /** Parses JSON keeping decimals exact. */
    JsonNode readTree(byte[] bytes) throws IOException {
        return reader.readTree(bytes);
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return type.isCompatibleWith(MediaType.APPLICATION_JSON)
                    || ("application".equals(type.getType()) && type.getSubtype().endsWith("+json"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
