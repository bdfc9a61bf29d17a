package dev.tributary.postgres.cdc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashSet;
import java.util.Set;
import org.postgresql.core.BaseConnection;

/**
 * A pgjdbc connection whose prepared statements' result sets are {@link ExactValuesResultSet}s;
 * everything else goes to the connection as it is.
 *
 * <p>The connection and its statements are reflection proxies: they are called once per query, not
 * per row, and they keep every interface of pgjdbc's classes (Debezium casts the connection to
 * {@link BaseConnection}). The result set, called per value, is a plain delegating class.
 */
final class ExactValuesJdbc {
    private ExactValuesJdbc() {}

    /** {@code raw} with exact result sets from its prepared statements. */
    static Connection connection(BaseConnection raw) {
        return proxy(
                raw,
                (result, method) ->
                        result instanceof PreparedStatement
                                        && method.getName().startsWith("prepareStatement")
                                ? statement((PreparedStatement) result)
                                : result);
    }

    private static PreparedStatement statement(PreparedStatement raw) {
        return proxy(
                raw,
                (result, method) ->
                        result instanceof ResultSet
                                        && (method.getName().equals("executeQuery")
                                                || method.getName().equals("getResultSet"))
                                ? ExactValuesResultSet.of((ResultSet) result)
                                : result);
    }

    /** What a proxy returns for the target's answer to a call. */
    @FunctionalInterface
    private interface Answer {
        Object of(Object result, Method method) throws Exception;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(T target, Answer answer) {
        InvocationHandler handler =
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        switch (method.getName()) {
                            case "equals":
                                return proxy == args[0];
                            case "hashCode":
                                return System.identityHashCode(proxy);
                            default:
                                break;
                        }
                    }
                    Object result;
                    try {
                        result = method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    return answer.of(result, method);
                };
        return (T)
                Proxy.newProxyInstance(
                        target.getClass().getClassLoader(), interfaces(target.getClass()), handler);
    }

    private static Class<?>[] interfaces(Class<?> type) {
        Set<Class<?>> all = new LinkedHashSet<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                all.add(i);
            }
        }
        return all.toArray(new Class<?>[0]);
    }
}
