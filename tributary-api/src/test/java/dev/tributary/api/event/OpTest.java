package dev.tributary.api.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OpTest {
    @Test
    void everyOpIsFoundByItsCode() {
        for (Op op : Op.values()) {
            assertThat(Op.fromCode(op.code())).isSameAs(op);
            assertThat(Op.fromCode(String.valueOf(op.code()))).isSameAs(op);
        }
    }

    @Test
    void anythingElseIsNoOp() {
        assertThat(Op.fromCode('x')).isNull();
        assertThat(Op.fromCode('C')).isNull();
        assertThat(Op.fromCode("cu")).isNull();
        assertThat(Op.fromCode("")).isNull();
        assertThat(Op.fromCode((String) null)).isNull();
    }
}
