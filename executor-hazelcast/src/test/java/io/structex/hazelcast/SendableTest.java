package io.structex.hazelcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The serialization check's fast path: which classes it lets through without serializing them, and
 * that what it does not let through is still checked in full.
 */
class SendableTest {

    record Plain(int x, long y, String s, Integer boxed, int[] bytes, TimeUnit unit)
            implements Serializable {}

    record HoldsObject(Object value) implements Serializable {}

    record HoldsList(List<String> values) implements Serializable {}

    static final class WritesItself implements Serializable {
        @Serial private static final long serialVersionUID = 1L;

        @Serial
        private void writeObject(ObjectOutputStream out) throws IOException {
            throw new IOException("never");
        }
    }

    static class Base implements Serializable {
        @Serial private static final long serialVersionUID = 1L;

        @SuppressWarnings("unused")
        private final Object held = new Object(); // not Serializable
    }

    static final class Derived extends Base {
        @Serial private static final long serialVersionUID = 1L;
    }

    static final class NotSerializable {}

    /** Not Serializable itself, but its writeReplace is inherited by a serializable subclass. */
    static class Replaces {
        protected Object writeReplace() {
            return new NotSerializable();
        }
    }

    static final class InheritsReplace extends Replaces implements Serializable {
        @Serial private static final long serialVersionUID = 1L;

        @SuppressWarnings("unused")
        private final int x = 1;
    }

    @Test
    void plainFields_takeTheFastPath() {
        assertThat(Sendable.alwaysSendable(Plain.class)).isTrue();
    }

    @Test
    void aLambdaCapturingOnlyPlainValues_takesTheFastPath() {
        int x = 7;
        String s = "s";
        RemoteCallable<String> task = () -> s + x;
        assertThat(Sendable.alwaysSendable(task.getClass())).isTrue();
    }

    @Test
    void aFieldOfAnOpenType_isCheckedInFull() {
        assertThat(Sendable.alwaysSendable(HoldsObject.class)).isFalse();
        assertThat(Sendable.alwaysSendable(HoldsList.class)).isFalse();
    }

    @Test
    void aLambdaCapturingAnObject_isCheckedInFull() {
        Object captured = new NotSerializable();
        RemoteCallable<Integer> task = () -> captured.hashCode();
        assertThat(Sendable.alwaysSendable(task.getClass())).isFalse();
        assertThatThrownBy(() -> Sendable.require(task, "the task"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(NotSerializable.class.getName());
    }

    @Test
    void customSerialization_isCheckedInFull() {
        assertThat(Sendable.alwaysSendable(WritesItself.class)).isFalse();
        assertThatThrownBy(() -> Sendable.require(new WritesItself(), "the task"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(WritesItself.class.getName());
    }

    @Test
    void anInheritedWriteReplace_isCheckedInFull() {
        assertThat(Sendable.alwaysSendable(InheritsReplace.class)).isFalse();
        assertThatThrownBy(() -> Sendable.require(new InheritsReplace(), "the task"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(NotSerializable.class.getName());
    }

    @Test
    void aSuperclassField_isLookedAtToo() {
        assertThat(Sendable.alwaysSendable(Derived.class)).isFalse();
        assertThatThrownBy(() -> Sendable.require(new Derived(), "the task"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Object");
    }

    @Test
    void aClassThatIsNotSerializable_isRefused() {
        assertThat(Sendable.alwaysSendable(NotSerializable.class)).isFalse();
        assertThatThrownBy(() -> Sendable.require(new NotSerializable(), "the task"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
