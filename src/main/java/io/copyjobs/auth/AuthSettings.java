package io.copyjobs.auth;

import io.copyjobs.config.Config;

/** The claims checks of SPEC §4: issuer and audience when configured, and who is an administrator. */
public record AuthSettings(String issuer, String audience, String rolesClaim, String adminRole) {

    public static AuthSettings of(Config config) {
        return new AuthSettings(config.authIssuer(), config.authAudience(), config.authRolesClaim(),
                config.authAdminRole());
    }
}
