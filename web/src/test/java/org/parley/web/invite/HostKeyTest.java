package org.parley.web.invite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class HostKeyTest {

    @Test
    void onlyTheConfiguredKeyMatches() {
        HostKey key = new HostKey(Optional.of("s3cret"));
        assertTrue(key.matches("s3cret"));
        assertFalse(key.matches("s3cret "));
        assertFalse(key.matches("S3cret"));
        assertFalse(key.matches(""));
        assertFalse(key.matches(null));
    }

    @Test
    void aGeneratedKeyIsWrittenToAFileOnlyItsOwnerReadsAndNeverLogged() throws Exception {
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Handler recorder = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger logger = Logger.getLogger(HostKey.class.getName());
        logger.addHandler(recorder);
        try {
            HostKey key = new HostKey(Optional.of("  "));
            assertFalse(key.matches("  "));
            assertFalse(key.matches(""));

            String message = logged.stream().map(LogRecord::getMessage).filter(m -> m.contains("written to"))
                    .findFirst().orElseThrow();
            Path file = Path.of(message.substring(message.indexOf("written to ") + "written to ".length(),
                    message.indexOf(" (readable")));
            String generated = Files.readString(file).strip();
            assertTrue(key.matches(generated), "the file holds the key");
            assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
            assertTrue(logged.stream().noneMatch(r -> r.getMessage().contains(generated)), "the key is never logged");
            Files.delete(file);
        } finally {
            logger.removeHandler(recorder);
        }
    }
}
