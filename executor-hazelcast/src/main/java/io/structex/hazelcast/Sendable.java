package io.structex.hazelcast;

import java.io.Externalizable;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/*
 * Implementation notes: a task must be sent to a member by Java serialization, so a task that
 * cannot be serialized must fail at submit, in the caller, with nothing sent and nothing pending.
 * The check serializes the task into a stream that discards its bytes (Hazelcast serializes it
 * again when it sends it: the price is measured in docs/benchmarks.md, ClusterBenchmark). When
 * it fails, the object graph is searched (breadth first, by reflection, skipping what the module
 * system keeps closed) for the path from the task to the first object that is not Serializable,
 * so that the message says which captured field holds it: "task.this$0 (com.example.Page)".
 *
 * The fast path: a class whose instances can always be serialized is not serialized to check it.
 * That is a Serializable class (a record, a lambda) whose fields, through its serializable
 * superclasses, are all primitives, Strings, boxed primitives, enums or arrays of primitives, and
 * none of whose classes customises its serialization (writeObject, serialPersistentFields,
 * Externalizable, or a writeReplace in any superclass), but for a lambda's own writeReplace, which
 * sends exactly its captured fields. Decided once per class (a ClassValue). Building an
 * ObjectOutputStream per submit was a measurable part of a trivial remote task's cost (C1,
 * docs/benchmarks.md).
 */
final class Sendable {

    private static final int MAX_DEPTH = 6;

    /** Whether every instance of a class can be serialized, whatever its field values. */
    private static final ClassValue<Boolean> ALWAYS =
            new ClassValue<>() {
                @Override
                protected Boolean computeValue(Class<?> type) {
                    return alwaysSendable(type);
                }
            };

    /**
     * Field types, besides primitives, enums and primitive arrays, whose every value serializes.
     */
    private static final Set<Class<?>> PLAIN =
            Set.of(
                    String.class,
                    Integer.class,
                    Long.class,
                    Double.class,
                    Float.class,
                    Short.class,
                    Byte.class,
                    Character.class,
                    Boolean.class);

    private Sendable() {}

    /** The fast path's rule (see the notes above); package-private for its tests. */
    static boolean alwaysSendable(Class<?> type) {
        if (!Serializable.class.isAssignableFrom(type)
                || Externalizable.class.isAssignableFrom(type)) {
            return false;
        }
        boolean lambda = type.isHidden() && type.getName().contains("$$Lambda");
        // writeReplace is inherited from any superclass, serializable or not
        for (Class<?> c = lambda ? type.getSuperclass() : type; c != null; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals("writeReplace")) {
                    return false;
                }
            }
        }
        for (Class<?> c = type;
                c != null && Serializable.class.isAssignableFrom(c);
                c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals("writeObject")) {
                    return false;
                }
            }
            for (Field f : c.getDeclaredFields()) {
                int mods = f.getModifiers();
                if (f.getName().equals("serialPersistentFields")) {
                    return false; // the fields written are not the fields declared
                }
                if (!Modifier.isStatic(mods)
                        && !Modifier.isTransient(mods)
                        && !plain(f.getType())) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A field type whose every value serializes: no subclass can bring in anything else. */
    private static boolean plain(Class<?> t) {
        return t.isPrimitive()
                || t.isEnum()
                || (t.isArray() && t.getComponentType().isPrimitive())
                || PLAIN.contains(t);
    }

    /**
     * Throws if {@code task} cannot be serialized.
     *
     * @throws IllegalArgumentException naming the class that is not serializable, and the field
     *     path to it when found
     */
    static void require(Object task, String what) {
        if (ALWAYS.get(task.getClass())) {
            return;
        }
        try (ObjectOutputStream out = new ObjectOutputStream(OutputStream.nullOutputStream())) {
            out.writeObject(task);
        } catch (NotSerializableException e) {
            String path =
                    task.getClass().getName().equals(e.getMessage())
                            ? null
                            : pathTo(task, e.getMessage());
            throw new IllegalArgumentException(
                    what
                            + " cannot be sent to the cluster: "
                            + e.getMessage()
                            + " is not Serializable"
                            + (path == null ? "" : ", reached through " + path)
                            + hint(task, path),
                    e);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(
                    what + " cannot be sent to the cluster: " + task.getClass().getName(), e);
        }
    }

    private static String hint(Object task, @Nullable String path) {
        if (path != null && path.contains("this$0")) {
            return " (an inner or anonymous class holds its enclosing instance: make it a static"
                    + " nested class, a record or a lambda)";
        }
        if (!(task instanceof Serializable)) {
            return " (pass a lambda, or implement Serializable)";
        }
        return "";
    }

    private record Node(Object value, String path, int depth) {}

    /** The field path from the task to the first object of {@code className}, or null. */
    static @Nullable String pathTo(Object root, @Nullable String className) {
        if (className == null) {
            return null;
        }
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Node> queue = new ArrayDeque<>();
        queue.add(new Node(root, "task", 0));
        while (!queue.isEmpty()) {
            Node node = queue.poll();
            Object value = node.value();
            if (!seen.add(value)) {
                continue;
            }
            Class<?> type = value.getClass();
            if (type.getName().equals(className)) {
                return node.path() + " (" + className + ")";
            }
            if (node.depth() == MAX_DEPTH) {
                continue;
            }
            if (type.isArray()) {
                if (!type.getComponentType().isPrimitive()) {
                    for (int i = 0; i < Array.getLength(value); i++) {
                        Object element = Array.get(value, i);
                        if (element != null) {
                            queue.add(
                                    new Node(
                                            element,
                                            node.path() + "[" + i + "]",
                                            node.depth() + 1));
                        }
                    }
                }
                continue;
            }
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    int mods = f.getModifiers();
                    if (Modifier.isStatic(mods)
                            || Modifier.isTransient(mods)
                            || f.getType().isPrimitive()) {
                        continue;
                    }
                    Object child;
                    try {
                        f.setAccessible(true);
                        child = f.get(value);
                    } catch (RuntimeException | IllegalAccessException closed) {
                        continue; // a module keeps it closed: look elsewhere
                    }
                    if (child != null) {
                        queue.add(
                                new Node(child, node.path() + "." + f.getName(), node.depth() + 1));
                    }
                }
            }
        }
        return null;
    }
}
