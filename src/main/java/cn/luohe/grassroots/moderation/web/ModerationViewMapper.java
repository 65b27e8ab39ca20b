package cn.luohe.grassroots.moderation.web;

import cn.luohe.grassroots.moderation.internal.QueueItem;
import org.mapstruct.Mapper;

@Mapper(componentModel = "spring")
interface ModerationViewMapper {

	ModerationController.ItemView toView(QueueItem item);

}
