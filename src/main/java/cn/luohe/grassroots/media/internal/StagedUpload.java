package cn.luohe.grassroots.media.internal;

import java.nio.file.Path;

/** An upload written completely to a staging file, not yet accepted. */
record StagedUpload(Path path, long size, String sha256, byte[] head) {
}
