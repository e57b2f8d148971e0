package io.copyjobs.cli;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Locale;

/** The body of CreateJob; absent parts are left out, so that the node applies its defaults. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record NewJob(String displayName, String description, String priority, List<NewFile> files,
              SecretOptions.Options options) {

    NewJob {
        priority = priority == null ? null : priority.toUpperCase(Locale.ROOT);
    }
}
