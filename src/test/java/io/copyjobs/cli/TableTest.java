package io.copyjobs.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableTest {

    @Test
    void columns_are_as_wide_as_their_widest_cell_and_lines_end_without_blanks() {
        String text = new Table("ID", "STATE", "NAME")
                .row("a1", "QUEUED", "nightly")
                .row("b22", "TRANSIENT_ERROR", "")
                .render();
        assertThat(text).isEqualTo("""
                ID   STATE            NAME
                a1   QUEUED           nightly
                b22  TRANSIENT_ERROR
                """);
    }

    @Test
    void a_missing_cell_is_empty_and_a_wrong_width_row_is_a_bug() {
        assertThat(new Table("A", "B").row(null, "x").render()).isEqualTo("A  B\n   x\n");
        assertThatThrownBy(() -> new Table("A", "B").row("only one")).isInstanceOf(IllegalArgumentException.class);
    }
}
