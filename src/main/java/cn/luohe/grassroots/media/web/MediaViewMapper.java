package cn.luohe.grassroots.media.web;

import cn.luohe.grassroots.media.internal.MediaDetails;
import org.mapstruct.Mapper;

@Mapper(componentModel = "spring")
interface MediaViewMapper {

	MediaView toView(MediaDetails media);

}
