package io.arbiter.api;

import io.quarkus.security.AuthenticationException;

/**
 * A token that verified but cannot say who the caller is: a tenant claim that is present but empty,
 * null or not a string, or an identity claim that is not storable text. 401 ({@code invalid_token},
 * RFC 6750) with the reason: treating it as a platform caller would widen what it may see.
 */
public class UnusableTokenException extends SecurityException implements AuthenticationException {
    public UnusableTokenException(String message) {
        super(message);
    }
}
