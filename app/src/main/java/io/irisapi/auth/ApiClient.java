package io.irisapi.auth;

import java.security.Principal;

/** The caller behind a valid key; named by the key's position in API_KEY or API_KEY_FILE, never by the key itself. */
public record ApiClient(String getName) implements Principal {
}
