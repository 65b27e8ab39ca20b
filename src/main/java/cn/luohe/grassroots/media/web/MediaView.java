package cn.luohe.grassroots.media.web;

/** An accepted photo. */
record MediaView(long id, String contentType, long size) {
}
