package org.mlops4j.core;

/**
 * Machine-readable error codes, the same names MLflow uses so that its clients understand them.
 * Domain code raises codes; only the HTTP layer maps them to statuses.
 */
public enum ErrorCode {
    INVALID_PARAMETER_VALUE,
    BAD_REQUEST,
    RESOURCE_ALREADY_EXISTS,
    RESOURCE_DOES_NOT_EXIST,
    ENDPOINT_NOT_FOUND,
    UNAUTHENTICATED,
    PERMISSION_DENIED,
    RESOURCE_CONFLICT,
    REQUEST_LIMIT_EXCEEDED,
    INVALID_STATE,
    INTERNAL_ERROR,
    NOT_IMPLEMENTED,
    TEMPORARILY_UNAVAILABLE
}
