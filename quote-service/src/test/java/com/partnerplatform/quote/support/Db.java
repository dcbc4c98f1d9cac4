package com.partnerplatform.quote.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import com.partnerplatform.testsupport.PostgresServer;

/** Direct reads of the quote tables for assertions (JDBC, independent of the service's code). */
public final class Db {

    private Db() {
    }

    public static long count(String sql, Object... args) {
        return query(sql, args, rs -> rs.getLong(1)).get(0);
    }

    /** The sequence's last_value as PostgreSQL reports it (0 if nextval was never called). */
    public static long sequenceLastValue() {
        return count("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM quote.partner_quote_seq");
    }

    public static long quoteRows() {
        return count("SELECT count(*) FROM quote.quote");
    }

    public static String string(String sql, Object... args) {
        List<String> values = query(sql, args, rs -> rs.getString(1));
        return values.isEmpty() ? null : values.get(0);
    }

    public static List<String> strings(String sql, Object... args) {
        return query(sql, args, rs -> rs.getString(1));
    }

    public static void execute(String sql, Object... args) {
        try (Connection c = PostgresServer.open(RestartablePostgres.settings()); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            st.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private static <T> List<T> query(String sql, Object[] args, RowReader<T> reader) {
        try (Connection c = PostgresServer.open(RestartablePostgres.settings()); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            List<T> out = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(reader.read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
