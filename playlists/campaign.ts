// A campaign file: slides and playlists as reviewed data (playlists/library/*.yaml), imported
// with `npm run cli -- import <file>`. Cross-references are checked here so a bad file is refused
// whole, before anything is written.
import { z } from 'zod';
import { IdSchema } from './board.ts';
import { bi } from './messages.ts';
import { PlaylistSchema } from './playlist.ts';
import { SlideSchema } from './slide.ts';
import { NameSchema, humanText } from './text.ts';

export const CampaignFileSchema = z
  .object({
    campaign: z.object({
      id: IdSchema,
      name: NameSchema,
      /** The document the content comes from, for the record. */
      source: humanText(500).optional(),
    }),
    slides: z.array(SlideSchema).min(1, bi('chiến dịch cần ít nhất một trang', 'a campaign needs at least one slide')),
    playlists: z.array(PlaylistSchema).min(1, bi('chiến dịch cần ít nhất một danh sách phát', 'a campaign needs at least one playlist')),
  })
  .superRefine((file, ctx) => {
    const slideIds = new Set<string>();
    file.slides.forEach((slide, i) => {
      if (slideIds.has(slide.id)) ctx.addIssue({ code: 'custom', path: ['slides', i, 'id'], message: bi(`mã trang "${slide.id}" bị trùng`, `duplicate slide id "${slide.id}"`) });
      slideIds.add(slide.id);
    });
    const playlistIds = new Set<string>();
    file.playlists.forEach((playlist, i) => {
      if (playlistIds.has(playlist.id)) ctx.addIssue({ code: 'custom', path: ['playlists', i, 'id'], message: bi(`mã danh sách phát "${playlist.id}" bị trùng`, `duplicate playlist id "${playlist.id}"`) });
      playlistIds.add(playlist.id);
      playlist.items.forEach((item, j) => {
        if (!slideIds.has(item.slideId)) {
          ctx.addIssue({ code: 'custom', path: ['playlists', i, 'items', j, 'slideId'], message: bi(`tệp này không có trang mã "${item.slideId}"`, `no slide with id "${item.slideId}" in this file`) });
        }
      });
    });
  });
export type CampaignFile = z.infer<typeof CampaignFileSchema>;
