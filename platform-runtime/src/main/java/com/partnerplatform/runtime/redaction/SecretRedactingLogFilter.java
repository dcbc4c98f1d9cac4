package com.partnerplatform.runtime.redaction;

import java.text.MessageFormat;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

import org.jboss.logmanager.ExtLogRecord;

import io.quarkus.logging.LoggingFilter;

/**
 * Applied to every log handler ({@code quarkus.log.console.filter=secret-redaction}): formats the
 * message with its parameters, masks secrets with {@link SecretRedactor}, and replaces an attached
 * exception with a copy whose messages are masked too, keeping the stack frames.
 */
@LoggingFilter(name = "secret-redaction")
public final class SecretRedactingLogFilter implements Filter {

    @Override
    public boolean isLoggable(LogRecord record) {
        String formatted = format(record);
        String redacted = SecretRedactor.redact(formatted);
        if (record instanceof ExtLogRecord ext) {
            ext.setMessage(redacted, ExtLogRecord.FormatStyle.NO_FORMAT);
        } else {
            record.setMessage(redacted);
        }
        record.setParameters(null);
        if (record.getThrown() != null) {
            record.setThrown(RedactedThrowable.of(record.getThrown()));
        }
        return true;
    }

    private static String format(LogRecord record) {
        if (record instanceof ExtLogRecord ext) {
            return ext.getFormattedMessage();
        }
        Object[] parameters = record.getParameters();
        String message = record.getMessage();
        if (parameters == null || parameters.length == 0 || message == null) {
            return message;
        }
        try {
            return MessageFormat.format(message, parameters);
        } catch (IllegalArgumentException e) {
            return message;
        }
    }
}
