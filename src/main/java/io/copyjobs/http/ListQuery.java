package io.copyjobs.http;

import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.JobState;
import io.javalin.http.Context;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * EnumJobs' parameters {@code state}, {@code allUsers}, {@code limit} and {@code cursor}, checked,
 * and the same list asked of another node. That query is written anew from the checked values,
 * never copied from the caller's text: whatever the caller sent, a peer gets a URI it can parse.
 *
 * @param after the sort key to continue after (the decoded cursor), or null for the first page
 */
record ListQuery(Set<JobState> states, boolean allUsers, int limit, String after) {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    ListQuery {
        states = states.isEmpty() ? EnumSet.noneOf(JobState.class) : EnumSet.copyOf(states);
    }

    static ListQuery of(Context ctx) {
        return new ListQuery(states(ctx.queryParam("state")), bool(ctx.queryParam("allUsers"), "allUsers"),
                limit(ctx.queryParam("limit")), Cursors.decode(ctx.queryParam("cursor")));
    }

    /** The path and query that ask a peer for this list. */
    String pathAndQuery() {
        StringBuilder b = new StringBuilder("/v1/jobs?limit=").append(limit);
        if (!states.isEmpty()) {
            b.append("&state=").append(states.stream().map(Enum::name).collect(Collectors.joining(",")));
        }
        if (allUsers) {
            b.append("&allUsers=true");
        }
        if (after != null) {
            // base64url: nothing in it needs escaping.
            b.append("&cursor=").append(Cursors.encode(after));
        }
        return b.toString();
    }

    /** {@code state=QUEUED,ERROR}: the states to list; empty when absent. Names in any case, as typed. */
    static Set<JobState> states(String param) {
        Set<JobState> states = EnumSet.noneOf(JobState.class);
        if (param == null || param.isEmpty()) {
            return states;
        }
        for (String name : param.split(",", -1)) {
            try {
                states.add(JobState.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw ProblemException.of(ErrorCode.E_INVALIDARG, "state: '" + Requests.abbreviate(name.trim())
                        + "' is not one of " + Arrays.toString(JobState.values()));
            }
        }
        return states;
    }

    static boolean bool(String param, String name) {
        if (param == null || param.isEmpty()) {
            return false;
        }
        if (param.equalsIgnoreCase("true") || param.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(param);
        }
        throw ProblemException.of(ErrorCode.E_INVALIDARG, name + ": must be true or false");
    }

    /** {@code limit}: 1..1000 in plain digits, 100 when absent. */
    static int limit(String param) {
        if (param == null || param.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        long n = Requests.digits(param, 4);
        if (n < 1 || n > MAX_LIMIT) {
            throw ProblemException.of(ErrorCode.E_INVALIDARG, "limit: must be a number from 1 to " + MAX_LIMIT);
        }
        return (int) n;
    }
}
