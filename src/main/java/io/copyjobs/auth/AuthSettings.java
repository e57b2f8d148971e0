package io.copyjobs.auth;

import io.copyjobs.config.Config;

/** The claims checks of SPEC §4: issuer and audience when configured, and who is an administrator. */
public record AuthSettings(String issuer, String audience, String rolesClaim, String adminRole) {

    public static AuthSettings of(Config.Auth auth) {
        return new AuthSettings(auth.issuer(), auth.audience(), auth.rolesClaim(), auth.adminRole());
    }
}
