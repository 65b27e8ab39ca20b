package cn.luohe.grassroots.feed.web;

import cn.luohe.grassroots.feed.internal.FeedEvent;
import cn.luohe.grassroots.feed.internal.FeedTickets;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;

@Mapper(componentModel = "spring")
interface FeedViewMapper {

	@Mapping(target = "type", expression = "java(event.type().wireName())")
	FeedViews.FeedItemView toItem(FeedEvent event);

	@Mapping(target = "type", expression = "java(event.type().wireName())")
	FeedViews.FeedEventData toData(FeedEvent event);

	FeedViews.TicketView toView(FeedTickets.Ticket ticket);

}
