package io.copyjobs.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.util.Map;

/** {@link GetJobContract} on the embedded KRaft broker (runs everywhere, CI included). */
class GetJobIT extends GetJobContract {
    static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start(TestNode.freshNamespace("getjob"), Map.of());
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Override
    TestNode node() {
        return node;
    }
}
