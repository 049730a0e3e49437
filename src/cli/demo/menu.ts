/** One pizza on the PizzaShack menu, as the WSO2 sample backend returns it. */
export interface Pizza {
  readonly name: string;
  readonly description: string;
  /** A decimal string, as in the sample. */
  readonly price: string;
  readonly icon: string;
}

/** The ten-pizza menu of the seed doc's PizzaShack sample, in its order (spelling kept). */
export const MENU: readonly Pizza[] = [
  {
    name: 'BBQ Chicken Bacon',
    description: 'Grilled white chicken, hickory-smoked bacon and fresh sliced onions in barbeque sauce',
    price: '24.99',
    icon: '/images/6.png',
  },
  {
    name: 'Chicken Parmesan',
    description: 'Grilled chicken, fresh tomatoes, feta and mozzarella cheese',
    price: '11.99',
    icon: '/images/1.png',
  },
  {
    name: 'Chilly Chicken Cordon Bleu',
    description: 'Spinash Alfredo sauce topped with grilled chicken, ham, onions and mozzarella',
    price: '23.99',
    icon: '/images/10.png',
  },
  {
    name: 'Double Bacon 6Cheese',
    description: 'Hickory-smoked bacon, Julienne cut Canadian bacon, Parmesan, mozzarella, Romano, Asiago and and Fontina cheese',
    price: '20.99',
    icon: '/images/9.png',
  },
  {
    name: 'Garden Fresh',
    description: 'Slices onions and green peppers, gourmet mushrooms, black olives and ripe Roma tomatoes',
    price: '11.99',
    icon: '/images/3.png',
  },
  {
    name: 'Grilled Chicken Club',
    description: 'Grilled white chicken, hickory-smoked bacon and fresh sliced onions topped with Roma tomatoes',
    price: '14.99',
    icon: '/images/8.png',
  },
  {
    name: 'Hawaiian BBQ Chicken',
    description: 'Grilled white chicken, hickory-smoked bacon, barbeque sauce topped with sweet pine-apple',
    price: '12.99',
    icon: '/images/7.png',
  },
  {
    name: 'Spicy Italian',
    description: 'Pepperoni and a double portion of spicy Italian sausage',
    price: '23.99',
    icon: '/images/2.png',
  },
  {
    name: 'Spinach Alfredo',
    description: 'Rich and creamy blend of spinach and garlic Parmesan with Alfredo sauce',
    price: '25.99',
    icon: '/images/5.png',
  },
  {
    name: 'Tuscan Six Cheese',
    description: 'Six cheese blend of mozzarella, Parmesan, Romano, Asiago and Fontina',
    price: '24.99',
    icon: '/images/4.png',
  },
];
