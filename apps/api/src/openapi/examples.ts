/**
 * Example bodies for the document, from the Azerbaijan–China data set (datasets/azerbaijan-china; a test
 * checks they are its lines and that each passes its schema). No eventId: "Try it out" records anew.
 */
export const EXAMPLES = {
  recordEvent: {
    type: 'DiplomaticRelationsEstablished',
    actors: ['AZ', 'CN'],
    occurredOn: '1992',
    data: { level: 'embassy' },
    sources: [
      {
        publisher: 'Caliber.Az',
        title: "Azerbaijani president's upcoming visit to China to deepen strategic partnership",
        citing: 'Chinese Foreign Ministry',
        publishedOn: '2025-04',
      },
    ],
  },
  correction: {
    changes: { occurredOn: '1992-04-02' },
    reason: 'The joint communiqué establishing relations was signed in Baku on 2 April 1992.',
    sources: [
      { publisher: 'Embassy of the PRC in Azerbaijan', title: 'Article by Foreign Minister Li Zhaoxing' },
      {
        publisher: 'Ministry of Foreign Affairs of the PRC',
        title: 'Spokesperson Mao Ning',
        publishedOn: '2024-07-05',
      },
    ],
  },
  retraction: {
    reason: 'Recorded twice: the same visit is already on the record.',
    sources: [{ publisher: 'Ministry of Foreign Affairs of the PRC' }],
  },
} as const;
