package cn.luohe.grassroots.feed.web;

import cn.luohe.grassroots.feed.internal.FeedEvent;
import cn.luohe.grassroots.feed.internal.FeedTickets;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;

@Mapper(componentModel = "spring", uses = ThumbnailLinks.class)
interface FeedViewMapper {

	@Mapping(target = "type", expression = "java(event.type().wireName())")
	@Mapping(target = "recordType", expression = "java(event.type().recordType())")
	@Mapping(target = "thumbnails", source = "photoIds", qualifiedByName = "thumbnails")
	FeedViews.FeedItemView toItem(FeedEvent event);

	@Mapping(target = "type", expression = "java(event.type().wireName())")
	@Mapping(target = "recordType", expression = "java(event.type().recordType())")
	@Mapping(target = "thumbnails", source = "photoIds", qualifiedByName = "thumbnails")
	FeedViews.FeedEventData toData(FeedEvent event);

	FeedViews.TicketView toView(FeedTickets.Ticket ticket);

}
