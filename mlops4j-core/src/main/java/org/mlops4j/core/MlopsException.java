package org.mlops4j.core;

/** The one exception type that crosses module boundaries: an {@link ErrorCode} and a message for people. */
public class MlopsException extends RuntimeException {
    private final ErrorCode code;

    public MlopsException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public MlopsException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static MlopsException invalidParameter(String format, Object... args) {
        return new MlopsException(ErrorCode.INVALID_PARAMETER_VALUE, format.formatted(args));
    }

    public static MlopsException notFound(String format, Object... args) {
        return new MlopsException(ErrorCode.RESOURCE_DOES_NOT_EXIST, format.formatted(args));
    }

    public static MlopsException alreadyExists(String format, Object... args) {
        return new MlopsException(ErrorCode.RESOURCE_ALREADY_EXISTS, format.formatted(args));
    }

    public static MlopsException invalidState(String format, Object... args) {
        return new MlopsException(ErrorCode.INVALID_STATE, format.formatted(args));
    }
}
