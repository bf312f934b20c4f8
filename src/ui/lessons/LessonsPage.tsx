import { lazyView } from '../lazyView';

/** The gallery's entry in the main bundle: the gallery, its pictures and checks load as a chunk when first opened. */
export const LessonsPage = lazyView(() => import('./LessonsGallery'), 'Loading the lessons…', 'lessons-loading');
